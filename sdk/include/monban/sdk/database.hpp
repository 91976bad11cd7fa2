// Monban SDK C++ wrapper: a pooled database session with bound parameters and row callbacks.
// Header-only; compiled into the plugin. Throws monban::sdk::Error on failure.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <monban/sdk/host_api.h>
#include <monban/sdk/error.hpp>

namespace monban::sdk {

/// A bound parameter: integer, real, text or null. (since 1.0)
class Param {
public:
  Param() = default;  // null
  Param(std::nullptr_t) {}
  Param(int value) : type_(MONBAN_DB_INTEGER), integer_(value) {}
  Param(int64_t value) : type_(MONBAN_DB_INTEGER), integer_(value) {}
  Param(double value) : type_(MONBAN_DB_REAL), real_(value) {}
  Param(std::string value) : type_(MONBAN_DB_TEXT), text_(std::move(value)) {}
  Param(const char* value) : type_(MONBAN_DB_TEXT), text_(value) {}
  Param(std::string_view value) : type_(MONBAN_DB_TEXT), text_(value) {}

  monban_db_value raw() const {
    monban_db_value v{};
    v.type = type_;
    v.integer_value = integer_;
    v.real_value = real_;
    v.text_value = type_ == MONBAN_DB_TEXT ? text_.c_str() : nullptr;
    return v;
  }

private:
  int32_t type_ = MONBAN_DB_NULL;
  int64_t integer_ = 0;
  double real_ = 0.0;
  std::string text_;
};

/// A read-only view of one result row, valid during the row callback. (since 1.0)
class Row {
public:
  explicit Row(const monban_db_row& row) : row_(row) {}
  uint32_t size() const { return row_.column_count; }
  std::string_view name(uint32_t i) const { return row_.column_names[at(i)]; }
  bool isNull(uint32_t i) const { return row_.values[at(i)].type == MONBAN_DB_NULL; }
  int64_t integer(uint32_t i) const {
    const monban_db_value& v = row_.values[at(i)];
    if (v.type == MONBAN_DB_INTEGER) return v.integer_value;
    if (v.type == MONBAN_DB_REAL) return static_cast<int64_t>(v.real_value);
    if (v.type == MONBAN_DB_TEXT) return std::stoll(v.text_value);
    throw Error("column " + std::to_string(i) + " is null", MONBAN_ERR_INVALID_ARGUMENT);
  }
  double real(uint32_t i) const {
    const monban_db_value& v = row_.values[at(i)];
    if (v.type == MONBAN_DB_REAL) return v.real_value;
    if (v.type == MONBAN_DB_INTEGER) return static_cast<double>(v.integer_value);
    if (v.type == MONBAN_DB_TEXT) return std::stod(v.text_value);
    throw Error("column " + std::to_string(i) + " is null", MONBAN_ERR_INVALID_ARGUMENT);
  }
  std::string text(uint32_t i) const {
    const monban_db_value& v = row_.values[at(i)];
    if (v.type == MONBAN_DB_TEXT) return v.text_value;
    if (v.type == MONBAN_DB_INTEGER) return std::to_string(v.integer_value);
    if (v.type == MONBAN_DB_REAL) {
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "%.17g", v.real_value);
      return buffer;
    }
    return {};
  }

private:
  uint32_t at(uint32_t i) const {
    if (i >= row_.column_count)
      throw Error("column " + std::to_string(i) + " out of range", MONBAN_ERR_INVALID_ARGUMENT);
    return i;
  }
  const monban_db_row& row_;
};

/// A session borrowed from the host's pool for as long as this object lives. (since 1.0)
class Database {
public:
  Database(const monban_host_api* api, monban_plugin_context* context) : api_(api) {
    if (api_->db_acquire(context, &session_) != MONBAN_OK || session_ == nullptr)
      throw Error("no database session available", MONBAN_ERR_DATABASE);
  }
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  Database(Database&& other) noexcept : api_(other.api_), session_(std::exchange(other.session_, nullptr)) {}
  ~Database() {
    if (session_ != nullptr) api_->db_release(session_);
  }

  /// Runs one statement; returns the number of affected rows.
  int64_t execute(const char* sql, std::initializer_list<Param> params = {}) {
    std::vector<monban_db_value> raw = rawParams(params);
    int64_t affected = 0;
    check(api_->db_execute(session_, sql, raw.data(), static_cast<uint32_t>(raw.size()), &affected));
    return affected;
  }

  /// Runs a query; `onRow` returns false to stop early.
  void query(const char* sql, std::initializer_list<Param> params, const std::function<bool(const Row&)>& onRow) {
    std::vector<monban_db_value> raw = rawParams(params);
    struct Sink {
      const std::function<bool(const Row&)>* onRow;
      std::optional<Error> failure;
    } sink{&onRow, std::nullopt};
    auto handler = [](void* user, const monban_db_row* row) -> int32_t {
      auto* s = static_cast<Sink*>(user);
      try {
        return (*s->onRow)(Row(*row)) ? 0 : 1;
      } catch (const Error& e) {
        s->failure = e;
      } catch (const std::exception& e) {
        s->failure = Error(e.what());
      } catch (...) {
        s->failure = Error("unknown exception in a row callback");
      }
      return 1;
    };
    monban_status status = api_->db_query(session_, sql, raw.data(), static_cast<uint32_t>(raw.size()), handler, &sink);
    if (sink.failure) throw *sink.failure;
    check(status);
  }

  void begin() { check(api_->db_begin(session_)); }
  void commit() { check(api_->db_commit(session_)); }
  void rollback() { check(api_->db_rollback(session_)); }

private:
  static std::vector<monban_db_value> rawParams(std::initializer_list<Param> params) {
    std::vector<monban_db_value> raw;
    raw.reserve(params.size());
    for (const Param& p : params) raw.push_back(p.raw());
    return raw;
  }
  void check(monban_status status) const {
    if (status != MONBAN_OK) throw Error(api_->db_last_error(session_), status);
  }

  const monban_host_api* api_;
  monban_db* session_ = nullptr;
};

/// Rolls back unless committed: a scope that throws leaves nothing half-written. (since 1.0)
class Transaction {
public:
  explicit Transaction(Database& db) : db_(db) { db_.begin(); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) {
      try {
        db_.rollback();
      } catch (...) {
      }
    }
  }
  void commit() {
    db_.commit();
    done_ = true;
  }

private:
  Database& db_;
  bool done_ = false;
};

}  // namespace monban::sdk
