#include "OpenApi.h"

#include <cctype>
#include <map>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include "Json.h"

namespace monban::web {

namespace {

Poco::JSON::Object errorResponse(const std::string& description) {
  Poco::JSON::Object schemaRef;
  schemaRef.set("$ref", std::string("#/components/schemas/Error"));
  Poco::JSON::Object media;
  media.set("schema", schemaRef);
  Poco::JSON::Object content;
  content.set("application/json", media);
  Poco::JSON::Object response;
  response.set("description", description);
  response.set("content", content);
  return response;
}

Poco::JSON::Object parameter(const std::string& name, const char* in, bool required) {
  Poco::JSON::Object schema;
  schema.set("type", std::string("string"));
  Poco::JSON::Object p;
  p.set("name", name);
  p.set("in", std::string(in));
  p.set("required", required);
  p.set("schema", schema);
  return p;
}

Poco::JSON::Object operation(const Route& r) {
  Poco::JSON::Object op;
  op.set("summary", r.summary);
  Poco::JSON::Array tags;
  tags.add(r.tag);
  op.set("tags", tags);
  Poco::JSON::Array params;
  for (const std::string& segment : r.segments)
    if (segment.size() > 2 && segment.front() == '{')
      params.add(parameter(segment.substr(1, segment.size() - 2), "path", true));
  for (const std::string& q : r.query) params.add(parameter(q, "query", false));
  op.set("parameters", params);
  if (!r.body.empty()) {
    Poco::JSON::Object schema;
    schema.set("type", std::string(r.body == "json" ? "object" : "string"));
    Poco::JSON::Object media;
    media.set("schema", schema);
    Poco::JSON::Object content;
    content.set(r.body == "json" ? "application/json" : "text/csv", media);
    Poco::JSON::Object body;
    body.set("required", true);
    body.set("content", content);
    op.set("requestBody", body);
  }
  Poco::JSON::Object responses;
  Poco::JSON::Object ok;
  ok.set("description", std::string(r.success_status == 204 ? "done, no content" : "success"));
  responses.set(std::to_string(r.success_status), ok);
  responses.set("400", errorResponse("invalid input"));
  if (r.needs_session) {
    responses.set("401", errorResponse("no session"));
    responses.set("403", errorResponse("missing right, scope or CSRF token"));
  } else {
    op.set("security", Poco::JSON::Array());
  }
  if (!r.right.empty()) {
    op.set("x-monban-right", r.right);
    op.set("x-monban-level", r.level);
  }
  op.set("x-monban-provider", std::string(r.owner == nullptr ? "web" : "plugin"));
  return op;
}

}  // namespace

std::string openApiDocument(const Router& router, const std::string& version) {
  Poco::JSON::Object info;
  info.set("title", std::string("Monban API"));
  info.set("version", version);
  info.set("description", std::string("Access-control server API; see docs/api.md"));
  std::map<std::string, Poco::JSON::Object::Ptr> items;
  for (const auto& route : router.routes()) {
    Poco::JSON::Object::Ptr& item = items[route->path];
    if (!item) item = new Poco::JSON::Object;
    std::string method = route->method;
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    item->set(method, operation(*route));
  }
  Poco::JSON::Object paths;
  for (const auto& [path, item] : items) paths.set(path, item);
  Poco::JSON::Object cookie;
  cookie.set("type", std::string("apiKey"));
  cookie.set("in", std::string("cookie"));
  cookie.set("name", std::string("__Host-monban_session"));
  Poco::JSON::Object schemes;
  schemes.set("session", cookie);
  Poco::JSON::Object errorInner;
  errorInner.set("type", std::string("object"));
  Poco::JSON::Object errorProps;
  errorProps.set("error", errorInner);
  Poco::JSON::Object error;
  error.set("type", std::string("object"));
  error.set("properties", errorProps);
  Poco::JSON::Object schemas;
  schemas.set("Error", error);
  Poco::JSON::Object components;
  components.set("securitySchemes", schemes);
  components.set("schemas", schemas);
  Poco::JSON::Object requirement;
  requirement.set("session", Poco::JSON::Array());
  Poco::JSON::Array security;
  security.add(requirement);
  Poco::JSON::Object root;
  root.set("openapi", std::string("3.0.3"));
  root.set("info", info);
  root.set("paths", paths);
  root.set("components", components);
  root.set("security", security);
  return toJsonText(root);
}

}  // namespace monban::web
