#include "features/wordle/game.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "core/error.hpp"

namespace dbot::features::wordle {
namespace json = boost::json;

namespace {

const char* emoji(Mark mark) {
  switch (mark) {
    case Mark::correct: return "🟩";
    case Mark::present: return "🟨";
    case Mark::absent: break;
  }
  return "⬛";
}

std::string upper(std::string word) {
  for (auto& c : word) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return word;
}

// Letters grouped by the best mark seen so far: "🟩 A E  🟨 R  ⬛ S T".
std::string keyboard(const State& state) {
  std::array<int, 26> best{};  // 0 unseen, 1 absent, 2 present, 3 correct
  for (const auto& guess : state.guesses) {
    const auto marks = score(guess.word, state.solution);
    for (std::size_t i = 0; i < 5; ++i) {
      const int letter = guess.word[i] - 'a';
      const int rank = marks[i] == Mark::correct ? 3 : marks[i] == Mark::present ? 2 : 1;
      best[static_cast<std::size_t>(letter)] = std::max(best[static_cast<std::size_t>(letter)], rank);
    }
  }
  std::string out;
  const std::pair<int, const char*> groups[] = {{3, "🟩"}, {2, "🟨"}, {1, "⬛"}};
  for (const auto& [rank, symbol] : groups) {
    std::string letters;
    for (std::size_t i = 0; i < 26; ++i) {
      if (best[i] == rank) letters += std::string(" ") + static_cast<char>('A' + i);
    }
    if (letters.empty()) continue;
    if (!out.empty()) out += "  ";
    out += symbol + letters;
  }
  return out;
}

}  // namespace

std::array<Mark, 5> score(std::string_view guess, std::string_view solution) {
  std::array<Mark, 5> marks{Mark::absent, Mark::absent, Mark::absent, Mark::absent, Mark::absent};
  std::array<bool, 5> used{};
  for (std::size_t i = 0; i < 5; ++i) {
    if (guess[i] == solution[i]) {
      marks[i] = Mark::correct;
      used[i] = true;
    }
  }
  for (std::size_t i = 0; i < 5; ++i) {
    if (marks[i] == Mark::correct) continue;
    for (std::size_t j = 0; j < 5; ++j) {
      if (!used[j] && solution[j] == guess[i]) {
        marks[i] = Mark::present;
        used[j] = true;
        break;
      }
    }
  }
  return marks;
}

Outcome outcome_of(const State& state) {
  if (!state.guesses.empty() && state.guesses.back().word == state.solution) return Outcome::won;
  return state.guesses.size() >= kMaxGuesses ? Outcome::lost : Outcome::playing;
}

std::string to_json(const State& state) {
  json::array guesses;
  for (const auto& g : state.guesses) guesses.push_back(json::object{{"word", g.word}, {"user", g.user_id}});
  return json::serialize(json::object{{"solution", state.solution}, {"date", state.date}, {"guesses", guesses}});
}

State state_from_json(std::string_view text) {
  try {
    const auto value = json::parse(text);
    const auto& object = value.as_object();
    State state;
    state.solution = std::string(object.at("solution").as_string());
    state.date = std::string(object.at("date").as_string());
    for (const auto& g : object.at("guesses").as_array()) {
      state.guesses.push_back({std::string(g.at("word").as_string()), std::string(g.at("user").as_string())});
    }
    return state;
  } catch (const std::exception& e) {
    throw Error(kInternalErrorMessage, std::string("stored Wordle state is unreadable: ") + e.what());
  }
}

std::optional<std::string> as_guess(std::string_view content) {
  while (!content.empty() && (content.front() == ' ' || content.front() == '\n')) content.remove_prefix(1);
  while (!content.empty() && (content.back() == ' ' || content.back() == '\n')) content.remove_suffix(1);
  if (content.size() != 5) return std::nullopt;
  std::string out;
  for (char c : content) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> players(const State& state) {
  std::vector<std::string> out;
  for (const auto& g : state.guesses) {
    if (std::find(out.begin(), out.end(), g.user_id) == out.end()) out.push_back(g.user_id);
  }
  return out;
}

std::string share_text(const State& state) {
  const auto outcome = outcome_of(state);
  std::string out = "Wordle " + state.date + " " +
                    (outcome == Outcome::won ? std::to_string(state.guesses.size()) : std::string("X")) + "/6";
  for (const auto& g : state.guesses) {
    out += "\n";
    for (const auto mark : score(g.word, state.solution)) out += emoji(mark);
  }
  return out;
}

bot::Embed board_embed(const State& state) {
  const auto outcome = outcome_of(state);
  bot::Embed embed{.title = "Wordle — " + state.date, .color = kWordleGreen};
  std::string rows;
  for (const auto& g : state.guesses) {
    const auto marks = score(g.word, state.solution);
    for (const auto mark : marks) rows += emoji(mark);
    rows += "  **" + upper(g.word) + "**  <@" + g.user_id + ">\n";
  }
  if (outcome == Outcome::won) {
    embed.title += " — Solved in " + std::to_string(state.guesses.size()) + "! 🎉";
    rows.pop_back();
    embed.description = rows;
    embed.field("Share", share_text(state));
    return embed;
  }
  if (outcome == Outcome::lost) {
    embed.title += " — Game Over";
    embed.color = kRed;
    embed.description = rows + "\nThe answer was **" + upper(state.solution) + "**";
    embed.field("Share", share_text(state));
    return embed;
  }
  for (std::size_t i = state.guesses.size(); i < kMaxGuesses; ++i) rows += "⬜⬜⬜⬜⬜\n";
  const auto keys = keyboard(state);
  if (!keys.empty()) rows += "\n" + keys + "\n";
  rows.pop_back();
  embed.description = rows;
  return embed;
}

}  // namespace dbot::features::wordle
