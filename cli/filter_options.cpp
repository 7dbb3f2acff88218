#include "filter_options.h"

namespace sockscope::cli {

void add_text_option(CLI::App& cmd, const std::string& name, std::optional<std::string>& into,
                     const std::string& type, const std::string& help) {
  cmd.add_option_function<std::string>(name, [&into](const std::string& value) { into = value; }, help)
      ->type_name(type);
}

void add_filter_options(CLI::App& cmd, FilterArgs& f) {
  add_text_option(cmd, "--sport", f.sport, "PORT", "Only sockets with this local port");
  add_text_option(cmd, "--dport", f.dport, "PORT", "Only sockets with this peer port");
  add_text_option(cmd, "--src", f.src, "ADDR[/PREFIX]", "Only sockets whose local address is in this prefix");
  add_text_option(cmd, "--dst", f.dst, "ADDR[/PREFIX]", "Only sockets whose peer address is in this prefix");
  add_text_option(cmd, "--process", f.process, "NAME|PID",
                  "Only sockets held by this process (a number is a pid, else the exact command name)");
  cmd.add_flag("-t,--tcp", f.tcp, "TCP sockets (with neither --tcp nor --udp: both)");
  cmd.add_flag("-u,--udp", f.udp, "UDP sockets");
  cmd.add_flag("-4", f.ipv4, "IPv4 sockets (with neither -4 nor -6: both)");
  cmd.add_flag("-6", f.ipv6, "IPv6 sockets");
}

}  // namespace sockscope::cli
