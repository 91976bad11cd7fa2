#include "monban/host/PreparedQuery.h"

#include <soci/soci.h>

#include "monban/host/HostError.h"

namespace monban::host {

/// One bound value: SOCI keeps its address from preparation on, so the slots never move.
struct PreparedQuery::Slot {
  std::size_t kind = 0;  ///< SqlValue's index for a parameter; 1 (integer) or 3 (text) for a column
  long long integer = 0;
  double real = 0;
  std::string text;
  soci::indicator indicator = soci::i_ok;
};

namespace {

std::string describe(const std::string& sql) {
  return sql.size() > 120 ? sql.substr(0, 117) + "..." : sql;
}

}  // namespace

PreparedQuery::PreparedQuery(soci::session& session, const std::string& sql, const std::vector<SqlValue>& params,
                             std::vector<Column> columns)
    : sql_(sql), params_(params.size()), columns_(columns.size()) {
  try {
    statement_ = std::make_unique<soci::statement>(session);
    for (std::size_t i = 0; i < columns.size(); ++i) {
      Slot& slot = columns_[i];
      if (columns[i] == Column::Integer) {
        slot.kind = 1;
        statement_->exchange(soci::into(slot.integer, slot.indicator));
      } else {
        slot.kind = 3;
        statement_->exchange(soci::into(slot.text, slot.indicator));
      }
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      Slot& slot = params_[i];
      slot.kind = params[i].index();
      switch (slot.kind) {
        case 1:
          statement_->exchange(soci::use(slot.integer));
          break;
        case 2:
          statement_->exchange(soci::use(slot.real));
          break;
        case 3:
          statement_->exchange(soci::use(slot.text));
          break;
        default:
          slot.indicator = soci::i_null;
          statement_->exchange(soci::use(slot.text, slot.indicator));
      }
    }
    statement_->alloc();
    statement_->prepare(sql);
    statement_->define_and_bind();
  } catch (const soci::soci_error& e) {
    throw DatabaseError(e.get_error_message() + " [" + describe(sql) + "]");
  }
}

PreparedQuery::~PreparedQuery() = default;

void PreparedQuery::run(const std::vector<SqlValue>& params, const std::function<void(const PreparedQuery&)>& onRow) {
  if (params.size() != params_.size()) throw DatabaseError("wrong number of parameters [" + describe(sql_) + "]");
  for (std::size_t i = 0; i < params.size(); ++i) {
    Slot& slot = params_[i];
    if (params[i].index() != slot.kind) throw DatabaseError("wrong parameter kind [" + describe(sql_) + "]");
    if (const auto* n = std::get_if<int64_t>(&params[i]))
      slot.integer = *n;
    else if (const auto* d = std::get_if<double>(&params[i]))
      slot.real = *d;
    else if (const auto* s = std::get_if<std::string>(&params[i]))
      slot.text = *s;
  }
  try {
    statement_->execute(false);
    while (statement_->fetch()) onRow(*this);
  } catch (const soci::soci_error& e) {
    throw DatabaseError(e.get_error_message() + " [" + describe(sql_) + "]");
  }
}

bool PreparedQuery::isNull(std::size_t column) const {
  return columns_.at(column).indicator == soci::i_null;
}

int64_t PreparedQuery::integer(std::size_t column) const {
  const Slot& slot = columns_.at(column);
  return slot.indicator == soci::i_null ? 0 : static_cast<int64_t>(slot.integer);
}

const std::string& PreparedQuery::text(std::size_t column) const {
  static const std::string kEmpty;
  const Slot& slot = columns_.at(column);
  return slot.indicator == soci::i_null ? kEmpty : slot.text;
}

std::string PreparedQuery::signature(const std::vector<SqlValue>& params) {
  std::string out;
  out.reserve(params.size());
  for (const SqlValue& p : params) out += static_cast<char>('0' + p.index());
  return out;
}

}  // namespace monban::host
