#pragma once
// The bundled guess dictionary (word_list.cpp) and lookups into it.

#include <string_view>

namespace dbot::features::wordle {

// Every bundled word, separated by whitespace.
std::string_view bundled_words();
// True when `word` (five lower-case letters) is in the bundled list.
bool is_known_word(std::string_view word);

}  // namespace dbot::features::wordle
