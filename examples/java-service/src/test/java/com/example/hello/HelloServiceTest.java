package com.example.hello;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import org.junit.Test;

public class HelloServiceTest {
  @Test
  public void greetingNamesTheVersion() {
    assertEquals("hello from hello-service 1.2.3\n", HelloService.greeting("1.2.3"));
  }

  @Test
  public void greetingWithoutVersionSaysUnknown() {
    assertEquals("hello from hello-service unknown\n", HelloService.greeting(null));
  }

  @Test
  public void portDefaultsTo8080() {
    assertEquals(8080, HelloService.port(null));
    assertEquals(9090, HelloService.port(" 9090 "));
  }

  @Test
  public void portOutOfRangeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> HelloService.port("70000"));
  }
}
