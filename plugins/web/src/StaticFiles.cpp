#include "StaticFiles.h"

#include <fstream>
#include <map>

#include <Poco/URI.h>

namespace monban::web {

namespace {

std::string contentType(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> types{{".html", "text/html; charset=utf-8"},
                                                        {".js", "text/javascript; charset=utf-8"},
                                                        {".css", "text/css; charset=utf-8"},
                                                        {".json", "application/json"},
                                                        {".svg", "image/svg+xml"},
                                                        {".png", "image/png"},
                                                        {".ico", "image/x-icon"},
                                                        {".woff2", "font/woff2"},
                                                        {".woff", "font/woff"},
                                                        {".txt", "text/plain; charset=utf-8"},
                                                        {".map", "application/json"}};
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

void sendText(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
              const std::string& text) {
  response.setStatus(status);
  response.setContentType("text/plain; charset=utf-8");
  response.setContentLength64(static_cast<Poco::Int64>(text.size()));
  response.send() << text;
}

}  // namespace

void serveStaticFile(const std::filesystem::path& root, Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) {
  if (request.getMethod() != "GET" && request.getMethod() != "HEAD") {
    response.setKeepAlive(false);  // the body, if any, stays unread
    sendText(response, Poco::Net::HTTPResponse::HTTP_METHOD_NOT_ALLOWED, "only GET here\n");
    return;
  }
  const std::string path = Poco::URI(request.getURI()).getPath();
  const std::filesystem::path relative = std::filesystem::path(path).relative_path().lexically_normal();
  if (!relative.empty() && *relative.begin() == "..") {
    sendText(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND, "not found\n");
    return;
  }
  std::filesystem::path file = root / relative;
  const bool isAsset = relative.has_extension();
  if (relative.empty() || !isAsset) file = root / "index.html";
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) {
    sendText(response, Poco::Net::HTTPResponse::HTTP_NOT_FOUND,
             isAsset ? "not found\n" : "the web UI is not installed (no index.html in " + root.string() + ")\n");
    return;
  }
  std::ifstream in(file, std::ios::binary);
  const auto size = std::filesystem::file_size(file, error);
  response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
  response.setContentType(contentType(file));
  // Built assets carry a content hash in their names; index.html must always be fresh.
  response.set("Cache-Control", file.filename() == "index.html" ? "no-cache" : "public, max-age=31536000, immutable");
  response.setContentLength64(static_cast<Poco::Int64>(size));
  std::ostream& out = response.send();
  if (request.getMethod() == "GET") out << in.rdbuf();
}

}  // namespace monban::web
