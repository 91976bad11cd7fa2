#include "monban/host/MonbanApplication.h"

int main(int argc, char** argv) {
  monban::host::MonbanApplication app;
  return app.run(argc, argv);
}
