// History CLI commands: being written.
