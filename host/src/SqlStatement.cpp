#include "monban/host/SqlStatement.h"

#include <ctime>
#include <deque>

#include <soci/soci.h>

#include "monban/host/HostError.h"

namespace monban::host {

namespace {

/// Keeps the bound values alive and at fixed addresses while the statement runs.
struct Bindings {
  std::deque<long long> integers;
  std::deque<double> reals;
  std::deque<std::string> texts;
  std::deque<soci::indicator> indicators;

  void bind(soci::statement& st, const std::vector<SqlValue>& params) {
    for (const SqlValue& value : params) {
      if (const auto* i = std::get_if<int64_t>(&value)) {
        integers.push_back(*i);
        st.exchange(soci::use(integers.back()));
      } else if (const auto* d = std::get_if<double>(&value)) {
        reals.push_back(*d);
        st.exchange(soci::use(reals.back()));
      } else if (const auto* s = std::get_if<std::string>(&value)) {
        texts.push_back(*s);
        st.exchange(soci::use(texts.back()));
      } else {
        texts.emplace_back();
        indicators.push_back(soci::i_null);
        st.exchange(soci::use(texts.back(), indicators.back()));
      }
    }
  }
};

SqlValue columnValue(const soci::row& row, std::size_t i) {
  if (row.get_indicator(i) == soci::i_null) return std::monostate{};
  switch (row.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return static_cast<int64_t>(row.get<int>(i));
    case soci::dt_long_long:
      return static_cast<int64_t>(row.get<long long>(i));
    case soci::dt_unsigned_long_long:
      return static_cast<int64_t>(row.get<unsigned long long>(i));
    case soci::dt_double:
      return row.get<double>(i);
    case soci::dt_date: {
      std::tm t = row.get<std::tm>(i);
      char buffer[32];
      std::strftime(buffer, sizeof(buffer), "%Y-%m-%d %H:%M:%S", &t);
      return std::string(buffer);
    }
    default:
      return row.get<std::string>(i);
  }
}

std::string describe(const std::string& sql) {
  return sql.size() > 120 ? sql.substr(0, 117) + "..." : sql;
}

}  // namespace

int64_t sqlInteger(const SqlValue& value, int64_t fallback) {
  if (const auto* i = std::get_if<int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&value)) return std::stoll(*s);
  return fallback;
}

std::string sqlText(const SqlValue& value) {
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) return std::to_string(*d);
  return {};
}

int64_t executeSql(soci::session& session, const std::string& sql, const std::vector<SqlValue>& params) {
  try {
    Bindings bindings;
    soci::statement st(session);
    st.alloc();
    st.prepare(sql);
    bindings.bind(st, params);
    st.define_and_bind();
    st.execute(true);
    return st.get_affected_rows();
  } catch (const soci::soci_error& e) {
    throw DatabaseError(e.get_error_message() + " [" + describe(sql) + "]");
  }
}

void querySql(soci::session& session, const std::string& sql, const std::vector<SqlValue>& params,
              const std::function<bool(const SqlRow&)>& onRow) {
  try {
    Bindings bindings;
    soci::row row;
    soci::statement st(session);
    st.alloc();
    st.prepare(sql);
    bindings.bind(st, params);
    st.define_and_bind();
    // As soci::rowset does: the row is defined after the parameters are bound.
    st.exchange_for_rowset(soci::into(row));
    st.execute(false);
    std::vector<std::string> names;
    SqlRow out{&names, {}};
    while (st.fetch()) {
      if (names.empty()) {
        for (std::size_t i = 0; i < row.size(); ++i) names.push_back(row.get_properties(i).get_name());
      }
      out.values.clear();
      for (std::size_t i = 0; i < row.size(); ++i) out.values.push_back(columnValue(row, i));
      if (!onRow(out)) return;
    }
  } catch (const soci::soci_error& e) {
    throw DatabaseError(e.get_error_message() + " [" + describe(sql) + "]");
  }
}

int64_t queryInteger(soci::session& session, const std::string& sql, const std::vector<SqlValue>& params,
                     int64_t fallback) {
  int64_t value = fallback;
  querySql(session, sql, params, [&](const SqlRow& row) {
    value = sqlInteger(row.values[0], fallback);
    return false;
  });
  return value;
}

bool isUniqueViolation(const DatabaseError& error) {
  const std::string m = error.what();
  return m.find("UNIQUE") != std::string::npos || m.find("unique") != std::string::npos ||
         m.find("duplicate") != std::string::npos;
}

}  // namespace monban::host
