# Every third-party dependency of the tree, found once (Debian 12 packages only).
find_package(Threads REQUIRED)
find_package(Poco REQUIRED COMPONENTS Foundation Util Net NetSSL JSON)
find_package(OpenSSL REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem)
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(ODBC REQUIRED)

# SOCI 4.0.3 ships neither a CMake config nor a pkg-config file: define its targets here.
find_path(SOCI_INCLUDE_DIR soci/soci.h REQUIRED)
foreach(_backend core sqlite3 postgresql odbc)
  find_library(SOCI_${_backend}_LIBRARY soci_${_backend} REQUIRED)
  add_library(SOCI::${_backend} UNKNOWN IMPORTED)
  set_target_properties(SOCI::${_backend} PROPERTIES
    IMPORTED_LOCATION ${SOCI_${_backend}_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${SOCI_INCLUDE_DIR})
endforeach()
set_property(TARGET SOCI::sqlite3 APPEND PROPERTY INTERFACE_LINK_LIBRARIES SOCI::core SQLite::SQLite3)
set_property(TARGET SOCI::postgresql APPEND PROPERTY INTERFACE_LINK_LIBRARIES SOCI::core PostgreSQL::PostgreSQL)
set_property(TARGET SOCI::odbc APPEND PROPERTY INTERFACE_LINK_LIBRARIES SOCI::core ODBC::ODBC)

# libcsv (RFC 4180 parser) and libsodium (argon2id password hashing): plain C libraries
# without CMake configs.
find_path(CSV_INCLUDE_DIR csv.h REQUIRED)
find_library(CSV_LIBRARY csv REQUIRED)
add_library(Monban::csv UNKNOWN IMPORTED)
set_target_properties(Monban::csv PROPERTIES IMPORTED_LOCATION ${CSV_LIBRARY} INTERFACE_INCLUDE_DIRECTORIES ${CSV_INCLUDE_DIR})
find_path(SODIUM_INCLUDE_DIR sodium.h REQUIRED)
find_library(SODIUM_LIBRARY sodium REQUIRED)
add_library(Monban::sodium UNKNOWN IMPORTED)
set_target_properties(Monban::sodium PROPERTIES IMPORTED_LOCATION ${SODIUM_LIBRARY} INTERFACE_INCLUDE_DIRECTORIES ${SODIUM_INCLUDE_DIR})
# libical (RFC 5545 iCalendar): calendars' special days in and out, and recurrence rules of
# timed jobs. Its CMake config insists on static archives Debian does not ship, so by hand.
find_path(ICAL_INCLUDE_DIR libical/ical.h REQUIRED)
find_library(ICAL_LIBRARY ical REQUIRED)
add_library(Monban::ical UNKNOWN IMPORTED)
set_target_properties(Monban::ical PROPERTIES IMPORTED_LOCATION ${ICAL_LIBRARY} INTERFACE_INCLUDE_DIRECTORIES ${ICAL_INCLUDE_DIR})
