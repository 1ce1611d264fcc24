package dev.plumb.bindings.localstorage;

import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.UnsupportedFeatureException;
import dev.plumb.api.bindings.BindingResponse;
import dev.plumb.api.bindings.spi.InvokeRequest;
import dev.plumb.api.bindings.spi.OutputBindingComponent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Dapr's {@code bindings.localstorage} operations on the files under a {@link RootFolder}:
 *
 * <ul>
 *   <li>{@code create} writes the data to {@code fileName} (a random UUID if absent), creating
 *       folders on the way, and answers {@code {"fileName": "<name relative to the root>"}}. The
 *       data is written to a temporary file beside the target and moved over it, so a reader never
 *       sees half a file and a failed write leaves the old one;
 *   <li>{@code get} answers the file's bytes, or no data if it does not exist;
 *   <li>{@code list} answers a JSON array of the absolute paths of the files under {@code fileName}
 *       (the root if absent), at any depth, as Dapr does;
 *   <li>{@code delete} removes the file; a file that does not exist is already deleted.
 * </ul>
 *
 * <p>The data is written as given. Dapr's component also strips JSON quotes and decodes any data
 * that happens to be valid base64 (its HTTP API sends JSON); Plumb hands it bytes, so it does
 * neither, and a text file such as {@code test} is not turned into three binary bytes. Thread-safe.
 */
final class LocalStorageBindingComponent implements OutputBindingComponent {
  private static final String FILE_NAME = "fileName";
  private static final Set<String> OPERATIONS = Set.of("create", "get", "list", "delete");

  private final RootFolder root;

  LocalStorageBindingComponent(RootFolder root) {
    this.root = root;
  }

  @Override
  public Set<String> operations() {
    return OPERATIONS;
  }

  @Override
  public BindingResponse invoke(InvokeRequest request) throws IOException {
    String op = request.operation();
    switch (op) {
      case "create":
        return create(
            request.metadata(FILE_NAME).orElseGet(() -> UUID.randomUUID().toString()),
            request.data());
      case "get":
        return get(root.resolve(op, request.requireMetadata(FILE_NAME)));
      case "list":
        return list(root.resolve(op, request.metadata(FILE_NAME).orElse("")));
      case "delete":
        return delete(root.resolve(op, request.requireMetadata(FILE_NAME)));
      default:
        throw new UnsupportedFeatureException("operation '" + op + "' is not supported");
    }
  }

  private BindingResponse create(String fileName, byte[] data) throws IOException {
    Path target = root.resolve("create", fileName);
    if (target.equals(root.root())) {
      throw new InvalidRequestException(
          "operation 'create': request metadata 'fileName' ('" + fileName + "') names rootPath");
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(target.toString(), null, "is a folder");
    }
    Path dir = target.getParent();
    Files.createDirectories(dir);
    // Not createTempFile: its owner-only permissions would stay with the file.
    Path temp = Files.createFile(dir.resolve(".plumb-" + UUID.randomUUID() + ".tmp"));
    try {
      Files.write(temp, data);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    String relative = root.root().relativize(target).toString();
    return json("{\"fileName\":" + Json.string(relative) + "}", Map.of(FILE_NAME, relative));
  }

  private static BindingResponse get(Path file) throws IOException {
    try {
      return new BindingResponse(Files.readAllBytes(file), Map.of(), null);
    } catch (NoSuchFileException e) {
      return BindingResponse.EMPTY;
    }
  }

  private static BindingResponse list(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "nothing to list");
    }
    List<String> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> !Files.isDirectory(p)).map(Path::toString).sorted().toList();
    }
    return json(Json.array(files), Map.of());
  }

  private static BindingResponse delete(Path file) throws IOException {
    Files.deleteIfExists(file);
    return BindingResponse.EMPTY;
  }

  private static BindingResponse json(String json, Map<String, String> metadata) {
    return new BindingResponse(json.getBytes(StandardCharsets.UTF_8), metadata, "application/json");
  }

  @Override
  public String toString() {
    return "LocalStorageBinding[" + root.root() + "]";
  }
}
