package dev.plumb.common.mqtt;

import java.net.URI;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * Dapr's MQTT {@code url}: {@code tcp://} or {@code mqtt://} (plain), {@code ssl://}, {@code
 * tls://} or {@code mqtts://} (TLS, verified against the JVM's trust store), a host, a port (1883
 * by default) and optional {@code user:password} user info.
 *
 * @param server the Paho server URI, {@code tcp://host:port} or {@code ssl://host:port}
 * @param username the user name, or {@code null}
 * @param password the password, or {@code null}; a secret, never in {@link #toString()}
 */
public record MqttAddress(String server, String username, char[] password) {

  /**
   * Parses a {@code url}.
   *
   * @param url Dapr's {@code url} value
   * @return the address
   * @throws IllegalArgumentException if the scheme or host is missing or unknown; the message never
   *     quotes the URL (it may hold a password)
   */
  public static MqttAddress parse(String url) {
    URI u;
    try {
      u = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL (tcp://host:1883)");
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme();
    String paho =
        switch (scheme) {
          case "tcp", "mqtt" -> "tcp";
          case "ssl", "tls", "mqtts" -> "ssl";
          default -> null;
        };
    if (paho == null || u.getHost() == null) {
      throw new IllegalArgumentException("must be tcp://, mqtt://, ssl:// or mqtts:// with a host");
    }
    String server = paho + "://" + u.getHost() + ":" + (u.getPort() > 0 ? u.getPort() : 1883);
    String user = null;
    char[] password = null;
    if (u.getUserInfo() != null) {
      String[] parts = u.getUserInfo().split(":", 2);
      user = parts[0];
      if (parts.length > 1) {
        password = parts[1].toCharArray();
      }
    }
    return new MqttAddress(server, user, password);
  }

  /**
   * Connection options with this address's credentials, automatic reconnection (at most {@code
   * maxReconnectDelayMillis} between attempts) and a 10 s connection timeout.
   *
   * @param cleanSession whether the broker forgets the session on disconnect
   * @param maxReconnectDelayMillis the longest wait between reconnection attempts
   * @return new options
   */
  public MqttConnectOptions options(boolean cleanSession, int maxReconnectDelayMillis) {
    MqttConnectOptions o = new MqttConnectOptions();
    if (username != null) {
      o.setUserName(username);
    }
    if (password != null) {
      o.setPassword(password.clone());
    }
    o.setCleanSession(cleanSession);
    o.setAutomaticReconnect(true);
    o.setMaxReconnectDelay(maxReconnectDelayMillis);
    o.setConnectionTimeout(10);
    return o;
  }

  @Override
  public String toString() {
    return "MqttAddress[" + server + ", user=" + username + "]";
  }
}
