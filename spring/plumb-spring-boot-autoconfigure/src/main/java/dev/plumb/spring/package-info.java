/**
 * Plumb in Spring Boot: the annotations of handlers, actors and activities ({@link
 * dev.plumb.spring.Topic}, {@link dev.plumb.spring.BindingListener}, {@link
 * dev.plumb.spring.PlumbActor}, {@link dev.plumb.spring.PlumbActivities}) and the hooks an
 * application may declare as beans ({@link dev.plumb.spring.PlumbBuilderCustomizer}, {@link
 * dev.plumb.spring.DeliveryListener}).
 */
package dev.plumb.spring;
