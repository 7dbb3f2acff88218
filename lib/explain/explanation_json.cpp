#include "explain/explanation_json.h"

#include "model/endpoint.h"

namespace sockscope {

namespace {

using Json = nlohmann::ordered_json;

Json endpoint_json(Family family, const Endpoint& endpoint) {
  return Json{{"addr", format_address(family, endpoint)}, {"port", endpoint.port}};
}

Json socket_json(const ExplainedSocket& socket) {
  const SocketRecord& s = socket.record;
  Json out;
  out["proto"] = proto_name(s.proto);
  out["family"] = family_name(s.family);
  out["state"] = tcp_state_name(s.state);
  out["local"] = endpoint_json(s.family, s.local);
  out["remote"] = endpoint_json(s.family, s.remote);
  out["recv_q"] = s.recv_q;
  out["send_q"] = s.send_q;
  out["inode"] = s.inode;
  out["cookie"] = s.cookie;
  out["uid"] = s.uid;
  out["timer"] = Json{{"kind", timer_kind_name(s.timer.kind)},
                      {"expires_ms", s.timer.expires_ms},
                      {"count", s.timer.count}};
  out["shutdown"] = s.shutdown ? Json(*s.shutdown) : Json(nullptr);
  Json processes = Json::array();
  for (const ProcessRef& owner : socket.owners) {
    processes.push_back(Json{{"pid", owner.pid}, {"comm", owner.comm}, {"fd", owner.fd}});
  }
  out["processes"] = std::move(processes);
  return out;
}

Json paragraphs_json(const std::vector<std::string>& paragraphs) {
  Json out = Json::array();
  for (const std::string& p : paragraphs) out.push_back(p);
  return out;
}

Json findings_json(const std::vector<Finding>& findings) {
  Json out = Json::array();
  for (const Finding& f : findings) {
    out.push_back(Json{{"id", f.id},
                       {"kind", f.kind},
                       {"severity", severity_name(f.severity)},
                       {"subject", f.subject},
                       {"summary", f.summary},
                       {"advice", f.advice}});
  }
  return out;
}

}  // namespace

nlohmann::ordered_json explanation_json(const Explanation& e) {
  Json out;
  out["title"] = e.title;
  out["proto"] = proto_name(e.proto);
  out["state"] = e.state ? Json(tcp_state_name(*e.state)) : Json(nullptr);
  out["socket"] = e.socket ? socket_json(*e.socket) : Json(nullptr);
  out["state_age_s"] = e.state_age_s ? Json(*e.state_age_s) : Json(nullptr);
  out["meaning"] = paragraphs_json(e.meaning);
  out["how_it_got_here"] = paragraphs_json(e.how_it_got_here);
  out["timer"] = paragraphs_json(e.timer);
  out["next"] = paragraphs_json(e.next);
  out["queues"] = paragraphs_json(e.queues);
  out["memory"] = paragraphs_json(e.memory);
  out["shutdown"] = paragraphs_json(e.shutdown);
  out["owner"] = paragraphs_json(e.owner);
  out["age"] = paragraphs_json(e.age);
  out["findings"] = findings_json(e.findings);
  out["advice"] = paragraphs_json(e.advice);
  return out;
}

}  // namespace sockscope
