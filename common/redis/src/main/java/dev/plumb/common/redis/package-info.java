/**
 * What every Redis provider shares (Dapr's {@code common/component/redis}): {@link
 * dev.plumb.common.redis.RedisSettings#read} reads Dapr's connection metadata, {@link
 * dev.plumb.common.redis.RedisClients#create} builds the pooled, checked Jedis client for one
 * server, a cluster or a sentinel-managed master, with TLS and client certificates.
 */
package dev.plumb.common.redis;
