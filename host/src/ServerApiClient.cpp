#include "ServerApiClient.h"

#include <Poco/AutoPtr.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>
#include <Poco/Util/IniFileConfiguration.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace monban::host {

namespace {

const char kCookie[] = "__Host-monban_session";

std::string envOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

/// The `error.message` of an API error answer, or the body itself.
std::string errorMessage(const std::string& body) {
  try {
    const auto root = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    const auto error = root->getObject("error");
    if (error) return error->optValue<std::string>("message", body);
  } catch (const Poco::Exception&) {
  }
  return body;
}

}  // namespace

ServerAccess serverAccessFromConfig(const std::string& pluginConfigDir, const std::string& dataDir) {
  ServerAccess access;
  const std::filesystem::path webIni = std::filesystem::path(pluginConfigDir) / "web.ini";
  std::string certificate;
  if (std::filesystem::exists(webIni)) {
    Poco::AutoPtr<Poco::Util::IniFileConfiguration> ini = new Poco::Util::IniFileConfiguration(webIni.string());
    access.port = ini->getInt("port", 8443);
    certificate = ini->getString("certificate_file", "");
  }
  if (certificate.empty()) {
    certificate = (std::filesystem::path(dataDir) / "plugins" / "web" / "self-signed-cert.pem").string();
  } else if (std::filesystem::path(certificate).is_relative()) {
    certificate = (std::filesystem::path(pluginConfigDir) / certificate).string();
  }
  // A certificate from a public authority verifies without a file of its own.
  if (std::filesystem::exists(certificate)) access.ca_file = certificate;
  access.login = envOrEmpty("MONBAN_LOGIN");
  access.password = envOrEmpty("MONBAN_PASSWORD");
  if (access.login.empty() || access.password.empty())
    throw ApiClientError(
        "this command acts through the running server as an operator: set MONBAN_LOGIN and MONBAN_PASSWORD");
  return access;
}

ServerApiClient::ServerApiClient(const ServerAccess& access) : access_(access) {
  Poco::Net::Context::Params params;
  params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
  params.caLocation = access.ca_file;
  params.loadDefaultCAs = access.ca_file.empty();
  Poco::Net::Context::Ptr context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
  context->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 |
                            Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
  session_ =
      std::make_unique<Poco::Net::HTTPSClientSession>(access.host, static_cast<Poco::UInt16>(access.port), context);
  session_->setTimeout(Poco::Timespan(600, 0));  // a transfer to every controller waits for all answers
  Poco::JSON::Object credentials;
  credentials.set("login_id", access.login);
  credentials.set("password", access.password);
  std::ostringstream body;
  credentials.stringify(body);
  const Reply reply = send("POST", "/api/v1/session", body.str(), false);
  if (reply.status != 200) throw ApiClientError("sign-in as " + access.login + " refused: " + errorMessage(reply.body));
  const auto root = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
  csrf_ = root->optValue<std::string>("csrf_token", "");
  if (root->optValue<bool>("password_change_required", false))
    throw ApiClientError("operator " + access.login + " must change the one-time password first (web UI)");
  if (token_.empty()) throw ApiClientError("the server answered the sign-in without a session");
}

ServerApiClient::~ServerApiClient() {
  try {
    if (!token_.empty()) call("DELETE", "/api/v1/session");
  } catch (const std::exception&) {
    // The session expires on its own.
  }
}

ServerApiClient::Reply ServerApiClient::call(const std::string& method, const std::string& path,
                                             const std::string& jsonBody) {
  return send(method, path, jsonBody, true);
}

Poco::JSON::Object::Ptr ServerApiClient::callJson(const std::string& method, const std::string& path,
                                                  const std::string& jsonBody, const std::string& what) {
  const Reply reply = call(method, path, jsonBody);
  Poco::JSON::Object::Ptr root;
  try {
    root = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    throw ApiClientError(what + ": HTTP " + std::to_string(reply.status) + " " + reply.body.substr(0, 200));
  }
  if (reply.status >= 300) throw ApiClientError(what + ": " + errorMessage(reply.body));
  return root;
}

std::string ServerApiClient::download(const std::string& path, const std::string& what) {
  Reply reply = call("GET", path);
  if (reply.status != 200) throw ApiClientError(what + ": " + errorMessage(reply.body));
  return std::move(reply.body);
}

ServerApiClient::Reply ServerApiClient::send(const std::string& method, const std::string& path,
                                             const std::string& jsonBody, bool withSession) {
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  if (withSession) {
    Poco::Net::NameValueCollection cookies;
    cookies.add(kCookie, token_);
    request.setCookies(cookies);
    if (method != "GET") request.set("X-CSRF-Token", csrf_);
  }
  if (!jsonBody.empty() || method == "POST") {
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(jsonBody.size()));
  }
  Reply reply;
  try {
    session_->sendRequest(request) << jsonBody;
    Poco::Net::HTTPResponse response;
    std::istream& in = session_->receiveResponse(response);
    Poco::StreamCopier::copyToString(in, reply.body);
    reply.status = static_cast<int>(response.getStatus());
    std::vector<Poco::Net::HTTPCookie> set;
    response.getCookies(set);
    for (const auto& c : set)
      if (c.getName() == kCookie) token_ = c.getValue();
  } catch (const Poco::Exception& e) {
    throw ApiClientError("no answer from the server at https://" + access_.host + ":" + std::to_string(access_.port) +
                         " (is `monban serve` running?): " + e.displayText());
  }
  return reply;
}

}  // namespace monban::host
