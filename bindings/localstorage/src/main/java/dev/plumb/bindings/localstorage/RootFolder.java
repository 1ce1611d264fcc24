package dev.plumb.bindings.localstorage;

import dev.plumb.api.ConfigurationException;
import dev.plumb.api.InvalidRequestException;
import dev.plumb.api.spi.ComponentMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The binding's root folder and the one rule of the binding: a file name from a request names a
 * file under the root, or it is refused. Refused: an absolute name, a {@code ..} segment, and a
 * name that leads out of the root through a symbolic link (a link inside the root to a place inside
 * it is followed). Dapr's {@code securejoin} silently re-roots such names instead; a refusal that
 * names the problem is easier to find than a file written somewhere unexpected. Immutable.
 */
final class RootFolder {
  private static final List<Path> DISALLOWED =
      List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/boot"), Path.of("/var/run/secrets"));

  private final Path root;

  private RootFolder(Path root) {
    this.root = root;
  }

  /**
   * Resolves {@code rootPath} as Dapr does (relative to the working directory, symbolic links of
   * its existing part resolved), refuses system folders and files, and creates it.
   */
  static RootFolder open(ComponentMetadata metadata, String rootPath) throws IOException {
    Path path;
    try {
      path = Path.of(rootPath).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new ConfigurationException(
          metadata.owner() + ": metadata 'rootPath' is not a valid path: " + e.getMessage(), e);
    }
    Path existing = path;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null) {
      if (!Files.isDirectory(existing)) {
        throw new ConfigurationException(
            metadata.owner() + ": metadata 'rootPath' is a file, not a folder: " + existing);
      }
      path = existing.toRealPath().resolve(existing.relativize(path));
    }
    for (Path d : DISALLOWED) {
      if (path.startsWith(d)) {
        throw new ConfigurationException(
            metadata.owner()
                + ": metadata 'rootPath' points into a system folder ("
                + d
                + "), which Dapr and Plumb refuse");
      }
    }
    Files.createDirectories(path);
    return new RootFolder(path.toRealPath());
  }

  Path root() {
    return root;
  }

  /**
   * Resolves a request's file name under the root, to its real location.
   *
   * @param operation the operation, for messages
   * @param fileName the name from the request metadata; empty means the root itself
   * @return the real path the name leads to; its last component may not exist
   * @throws InvalidRequestException if the name is absolute, has a {@code ..} segment, or leads out
   *     of the root through a symbolic link
   * @throws IOException if a symbolic link on the way cannot be resolved
   */
  Path resolve(String operation, String fileName) throws IOException {
    Path relative;
    try {
      relative = Path.of(fileName);
    } catch (InvalidPathException e) {
      throw refused(operation, fileName, "is not a valid file name", e);
    }
    if (relative.isAbsolute() || fileName.startsWith("/") || fileName.startsWith("\\")) {
      throw refused(operation, fileName, "is absolute; give a name relative to rootPath", null);
    }
    for (Path segment : relative) {
      if (segment.toString().equals("..")) {
        throw refused(operation, fileName, "has a '..' segment, which could leave rootPath", null);
      }
    }
    Path target = root.resolve(relative).normalize();
    Path existing = target;
    while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    Path real;
    try {
      real = existing.toRealPath();
    } catch (IOException e) {
      throw refused(operation, fileName, "leads to a broken symbolic link", e);
    }
    if (!real.startsWith(root)) {
      throw refused(
          operation,
          fileName,
          "leads out of rootPath through a symbolic link (to " + real + ")",
          null);
    }
    return real.resolve(existing.relativize(target));
  }

  private static InvalidRequestException refused(
      String operation, String fileName, String why, Throwable cause) {
    return new InvalidRequestException(
        "operation '" + operation + "': request metadata 'fileName' ('" + fileName + "') " + why,
        cause);
  }
}
