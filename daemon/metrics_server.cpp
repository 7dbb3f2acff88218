#include "metrics_server.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

#include "util/unique_fd.h"

namespace sockscope::daemon {

namespace {

constexpr const char* kMetricsType = "text/plain; version=0.0.4; charset=utf-8";
constexpr std::string_view kIndexPage =
    "<html><head><title>sockscoped</title></head><body><h1>sockscoped</h1>"
    "<p><a href=\"/metrics\">Metrics</a></p></body></html>\n";
constexpr unsigned kListenBacklog = 128;

MHD_Result send(MHD_Connection* connection, unsigned status, std::string_view body, const char* type,
                const char* allow = nullptr) {
  MHD_Response* response =
      MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
  if (response == nullptr) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, type);
  if (allow != nullptr) MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, allow);
  const MHD_Result queued = MHD_queue_response(connection, status, response);
  MHD_destroy_response(response);
  return queued;
}

// Answered at the first call for the request: a scrape has no body, and
// anything else is refused before its body is read.
MHD_Result handle_request(void* cls, MHD_Connection* connection, const char* url, const char* method,
                          const char* /*version*/, const char* /*upload_data*/, size_t* /*upload_data_size*/,
                          void** /*state*/) {
  const auto* server = static_cast<const MetricsServer*>(cls);
  const std::string_view path(url);
  if (path != "/metrics" && path != "/") return send(connection, MHD_HTTP_NOT_FOUND, "not found\n", "text/plain");
  const std::string_view verb(method);
  if (verb != MHD_HTTP_METHOD_GET && verb != MHD_HTTP_METHOD_HEAD) {
    return send(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET and HEAD\n", "text/plain", "GET, HEAD");
  }
  if (path == "/") return send(connection, MHD_HTTP_OK, kIndexPage, "text/html; charset=utf-8");
  auto text = server->latest();
  if (!text) return send(connection, MHD_HTTP_SERVICE_UNAVAILABLE, "no poll yet\n", "text/plain");
  return send(connection, MHD_HTTP_OK, *text, kMetricsType);
}

// Why the server could not start, found by binding the address ourselves:
// libmicrohttpd reports only failure, and "port in use" must say so.
Error start_error(const ListenAddress& address) {
  const std::string what = "metrics listen address " + address.text;
  UniqueFd probe(::socket(address.ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!probe.valid()) return Error::from_errno(what + ": socket", errno);
  const int on = 1;
  ::setsockopt(probe.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (::bind(probe.get(), address.sockaddr_ptr(), address.length) != 0) {
    return Error::from_errno(what + ": cannot listen", errno);
  }
  return make_error(what + ": the HTTP server (libmicrohttpd) failed to start");
}

// Connections one peer address may hold at once: half the slots, at least one.
unsigned per_address_limit(int max_scrapes) { return static_cast<unsigned>(std::max(1, max_scrapes / 2)); }

}  // namespace

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const MetricsServerOptions& options) {
  std::unique_ptr<MetricsServer> server(new MetricsServer(options));
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD;
  if (options.address.ipv6) flags |= MHD_USE_IPv6;
  const auto* address = options.address.sockaddr_ptr();
  server->mhd_ = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &handle_request, server.get(),  //
      MHD_OPTION_SOCK_ADDR, address,                               //
      MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned>(std::max(options.max_scrapes, 1)),
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_address_limit(options.max_scrapes),  //
      MHD_OPTION_CONNECTION_TIMEOUT, options.timeout_s,                            //
      MHD_OPTION_LISTEN_BACKLOG_SIZE, kListenBacklog,                              //
      MHD_OPTION_END);
  if (server->mhd_ == nullptr) return start_error(options.address);
  return server;
}

MetricsServer::~MetricsServer() {
  if (mhd_ != nullptr) MHD_stop_daemon(mhd_);
}

void MetricsServer::publish(std::shared_ptr<const std::string> text) {
  std::shared_ptr<const std::string> old;
  {
    std::lock_guard lock(mutex_);
    old = std::exchange(text_, std::move(text));
  }
  // `old` is freed here, outside the lock (or by the last scrape holding it).
}

std::shared_ptr<const std::string> MetricsServer::latest() const {
  std::lock_guard lock(mutex_);
  return text_;
}

}  // namespace sockscope::daemon
