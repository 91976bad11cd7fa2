#include "TransferRoutes.h"

#include <sstream>

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Object.h>

#include "Json.h"
#include "WebContext.h"

namespace monban::web {

namespace {

std::string base64(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::string jobJson(const ImportJob& job) {
  Poco::JSON::Object o;
  o.set("id", job.id);
  o.set("kind", job.kind);
  o.set("state", job.state);
  o.set("done", job.done);
  o.set("total", job.total);
  if (!job.report_json.empty()) o.set("report", parseJsonObject(job.report_json));
  if (!job.error_json.empty()) o.set("error", parseJsonObject(job.error_json));
  return toJsonText(o);
}

}  // namespace

void handleImport(Exchange& ex, const std::string& kind, const std::string& method) {
  WebContext& web = ex.context();
  const std::string& file = ex.body(web.settings.max_upload_bytes);
  if (file.empty()) {
    ex.sendError(400, "invalid", "the request body must be the CSV file");
    return;
  }
  Poco::JSON::Object request;
  request.set("content_base64", base64(file));
  for (const char* option : {"dry_run", "strict", "encoding"})
    if (ex.query().count(option)) request.set(option, ex.queryValue(option));
  request.set("source", "web upload by " + ex.session->login_id);
  std::optional<std::string> id = web.imports.start(kind, method, ex.session->operator_id, toJsonText(request));
  if (!id) {
    ex.sendError(409, "limit", "two imports are running already; wait for one to finish");
    return;
  }
  ex.sendJson(202, jobJson(*web.imports.get(*id, ex.session->operator_id)));
}

void handleImportStatus(Exchange& ex) {
  std::optional<ImportJob> job = ex.context().imports.get(ex.params.at("id"), ex.session->operator_id);
  if (!job) {
    ex.sendError(404, "not_found", "no import " + ex.params.at("id") + " of yours");
    return;
  }
  ex.sendJson(200, jobJson(*job));
}

void handleExport(Exchange& ex, const std::string& method, const std::string& fileName,
                  const std::string& contentType) {
  Poco::JSON::Object request;
  for (const auto& [name, value] : ex.query()) request.set(name, value);
  for (const auto& [name, value] : ex.params) request.set(name, value);
  // The file streams as it is written; headers go out with the first piece, so a failure before
  // any content still gets a proper JSON error.
  std::ostream* out = nullptr;
  auto content = [&](std::string_view bytes) {
    if (out == nullptr) {
      ex.closeIfBodyUnread();
      ex.response().setStatus(Poco::Net::HTTPResponse::HTTP_OK);
      ex.response().setContentType(
          !contentType.empty()
              ? contentType
              : "text/csv; charset=" + std::string(ex.queryValue("encoding") == "shift_jis" ? "Shift_JIS" : "utf-8"));
      ex.response().set("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
      ex.response().set("Cache-Control", "no-store");
      ex.response().setChunkedTransferEncoding(true);
      out = &ex.response().send();
    }
    out->write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  };
  DomainReply reply = ex.context().domain.call(method, ex.session->operator_id, toJsonText(request), content);
  if (out != nullptr) {
    out->flush();
    return;
  }
  if (!reply.ok()) {
    ex.sendDomainError(reply);
    return;
  }
  content("");  // an empty export is still a file
  out->flush();
}

}  // namespace monban::web
