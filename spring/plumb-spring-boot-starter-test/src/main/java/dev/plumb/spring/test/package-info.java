/**
 * Testing Spring services that use Plumb without any server: {@link
 * dev.plumb.spring.test.PlumbTest} and {@link dev.plumb.spring.test.PlumbTestHelper}.
 */
package dev.plumb.spring.test;
