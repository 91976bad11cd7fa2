/* The hello.greeter service, version 1.0: what the example plugin offers other plugins.
 * A service is a plain table of C function pointers; its first member is its size, so later
 * minor versions append members and consumers check the size before using them. */
#ifndef HELLO_GREETER_H
#define HELLO_GREETER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HELLO_GREETER_SERVICE "hello.greeter"
#define HELLO_GREETER_MAJOR 1u
#define HELLO_GREETER_MINOR 0u

typedef struct hello_greeter {
  uint32_t struct_size;
  void* self;
  /** Writes "<greeting>, <name>!" into buffer (NUL-terminated, truncated to size); returns the
   *  full length. */
  size_t (*greet)(void* self, const char* name, char* buffer, size_t size);
} hello_greeter;

#ifdef __cplusplus
}
#endif

#endif
