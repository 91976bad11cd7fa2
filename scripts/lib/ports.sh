# Sourced by scripts/test and tests/lib/host.sh.
# port_bound PORT: whether some socket, TCP or UDP, is bound to PORT now. Read from the kernel's
# tables: ss comes from iproute2, which a bare Debian may lack, and a connection attempt misses
# UDP sockets (a simulated controller that cannot bind its port answers nobody).
port_bound() {
  grep -qs -- "$(printf ':%04X ' "$1")" /proc/net/tcp /proc/net/tcp6 /proc/net/udp /proc/net/udp6
}
