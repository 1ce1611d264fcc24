/**
 * The auto-configuration of Plumb in Spring Boot: {@link
 * dev.plumb.spring.autoconfigure.PlumbAutoConfiguration} and its properties ({@code plumb.*}).
 */
package dev.plumb.spring.autoconfigure;
