#pragma once
// Schema and database names: validated at the API boundary and always quoted
// when they end up in SQL text, so a name can never change a statement.

#include <string>
#include <string_view>

namespace dbot::db {

// True for names matching [a-z_][a-z0-9_]{0,62} (Postgres' 63-byte limit, and
// lower case so the quoted and unquoted spellings agree).
bool is_valid_identifier(std::string_view name) noexcept;

// Throws dbot::Error naming `what` ("schema", "database") when invalid.
void require_valid_identifier(std::string_view name, std::string_view what);

// Double-quotes an identifier, doubling embedded quotes: a"b -> "a""b".
std::string quote_identifier(std::string_view name);

// Returns the connection URL or key=value string with any password replaced
// by "***", for logs and error messages.
std::string redact_connection_string(std::string_view conninfo);

}  // namespace dbot::db
