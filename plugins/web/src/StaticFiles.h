#pragma once

#include <filesystem>

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

namespace monban::web {

/// Serves the built UI from `root`: files as they are, and index.html for every other path
/// without a file extension (the UI's own routes). Never leaves `root`.
void serveStaticFile(const std::filesystem::path& root, Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response);

}  // namespace monban::web
