/**
 * Test servers: extensions that fail an integration test loudly, naming the server and its
 * variable, when a shared server is down, and throw-away private servers for fault tests that stop
 * and restart a server (never the shared one).
 */
package dev.plumb.testkit.servers;
