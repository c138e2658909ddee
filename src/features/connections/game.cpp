#include "features/connections/game.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "core/error.hpp"

namespace dbot::features::connections {
namespace json = boost::json;

namespace {

constexpr std::uint32_t kBlurple = 0x5865F2;
constexpr std::uint32_t kGreen = 0x57F287;
constexpr std::uint32_t kRed = 0xED4245;

const char* difficulty_emoji(int index) {
  static const char* const kEmoji[] = {"🟨", "🟩", "🟦", "🟪"};
  return index >= 0 && index < 4 ? kEmoji[index] : "⬜";
}

std::string group_line(const Category& category, int index) {
  std::string words;
  for (const auto& w : category.words) words += (words.empty() ? "" : ", ") + w;
  return std::string(difficulty_emoji(index)) + " **" + category.title + "**: " + words;
}

json::array strings(const std::vector<std::string>& values) {
  json::array out;
  for (const auto& v : values) out.push_back(json::value(v));
  return out;
}

std::vector<std::string> strings_of(const json::value& value) {
  std::vector<std::string> out;
  for (const auto& v : value.as_array()) out.emplace_back(v.as_string());
  return out;
}

}  // namespace

State new_game(std::string date, std::vector<Category> categories, std::mt19937_64& random) {
  State state;
  state.date = std::move(date);
  state.categories = std::move(categories);
  for (const auto& c : state.categories) state.board.insert(state.board.end(), c.words.begin(), c.words.end());
  std::shuffle(state.board.begin(), state.board.end(), random);
  return state;
}

void toggle(State& state, std::size_t index) {
  if (index >= state.board.size()) return;
  const auto& word = state.board[index];
  const auto it = std::find(state.selected.begin(), state.selected.end(), word);
  if (it != state.selected.end()) {
    state.selected.erase(it);
  } else if (state.selected.size() < 4) {
    state.selected.push_back(word);
  }
  state.status_line.clear();
}

void shuffle(State& state, std::mt19937_64& random) {
  std::shuffle(state.board.begin(), state.board.end(), random);
  state.selected.clear();
  state.status_line.clear();
}

void deselect(State& state) {
  state.selected.clear();
  state.status_line.clear();
}

Submit submit(State& state, const std::string& user_id) {
  if (state.selected.size() != 4) return Submit::not_four;
  auto guess = state.selected;
  std::sort(guess.begin(), guess.end());
  if (std::find(state.tried.begin(), state.tried.end(), guess) != state.tried.end()) return Submit::repeated;
  if (std::find(state.players.begin(), state.players.end(), user_id) == state.players.end()) {
    state.players.push_back(user_id);
  }
  std::vector<int> colours;
  for (const auto& w : guess) {
    int difficulty = -1;
    for (int i = 0; i < static_cast<int>(state.categories.size()); ++i) {
      const auto& words = state.categories[static_cast<std::size_t>(i)].words;
      if (std::find(words.begin(), words.end(), w) != words.end()) difficulty = i;
    }
    colours.push_back(difficulty);
  }
  // Rows show the picks in the order they were made, as the NYT grid does.
  std::vector<int> ordered;
  for (const auto& w : state.selected)
    ordered.push_back(colours[static_cast<std::size_t>(std::find(guess.begin(), guess.end(), w) - guess.begin())]);
  state.history.push_back(ordered);
  bool one_away = false;
  for (int i = 0; i < static_cast<int>(state.categories.size()); ++i) {
    if (std::find(state.solved.begin(), state.solved.end(), i) != state.solved.end()) continue;
    const auto& words = state.categories[static_cast<std::size_t>(i)].words;
    const auto matches = std::count_if(guess.begin(), guess.end(), [&](const std::string& w) {
      return std::find(words.begin(), words.end(), w) != words.end();
    });
    if (matches == 4) {
      state.solved.push_back(i);
      std::erase_if(state.board,
                    [&](const std::string& w) { return std::find(words.begin(), words.end(), w) != words.end(); });
      state.selected.clear();
      state.status_line = std::string(difficulty_emoji(i)) + " **" +
                          state.categories[static_cast<std::size_t>(i)].title + "** solved by <@" + user_id + ">!";
      return Submit::solved;
    }
    if (matches == 3) one_away = true;
  }
  ++state.mistakes;
  state.tried.push_back(guess);
  state.selected.clear();
  const int left = kMaxMistakes - state.mistakes;
  state.status_line = std::string(one_away ? "❌ One away!" : "❌ Wrong!") + " (guessed by <@" + user_id + ">) — " +
                      std::to_string(left) + " mistake" + (left == 1 ? "" : "s") + " remaining";
  return one_away ? Submit::one_away : Submit::wrong;
}

Outcome outcome_of(const State& state) {
  if (!state.categories.empty() && state.solved.size() == state.categories.size()) return Outcome::won;
  return state.mistakes >= kMaxMistakes ? Outcome::lost : Outcome::playing;
}

std::string to_json(const State& state) {
  json::array categories;
  for (const auto& c : state.categories)
    categories.push_back(json::object{{"title", c.title}, {"words", strings(c.words)}});
  json::array solved;
  for (int i : state.solved) solved.push_back(i);
  json::array tried;
  for (const auto& t : state.tried) tried.push_back(strings(t));
  json::array history;
  for (const auto& row : state.history) {
    json::array r;
    for (int d : row) r.push_back(d);
    history.push_back(r);
  }
  return json::serialize(json::object{{"date", state.date},
                                      {"categories", categories},
                                      {"board", strings(state.board)},
                                      {"selected", strings(state.selected)},
                                      {"solved", solved},
                                      {"mistakes", state.mistakes},
                                      {"tried", tried},
                                      {"status", state.status_line},
                                      {"players", strings(state.players)},
                                      {"history", history}});
}

State state_from_json(std::string_view text) {
  try {
    const auto value = json::parse(text);
    const auto& o = value.as_object();
    State state;
    state.date = std::string(o.at("date").as_string());
    for (const auto& c : o.at("categories").as_array()) {
      state.categories.push_back({std::string(c.at("title").as_string()), strings_of(c.at("words"))});
    }
    state.board = strings_of(o.at("board"));
    state.selected = strings_of(o.at("selected"));
    for (const auto& i : o.at("solved").as_array()) state.solved.push_back(static_cast<int>(i.as_int64()));
    state.mistakes = static_cast<int>(o.at("mistakes").as_int64());
    for (const auto& t : o.at("tried").as_array()) state.tried.push_back(strings_of(t));
    state.status_line = std::string(o.at("status").as_string());
    state.players = strings_of(o.at("players"));
    if (const auto* history = o.if_contains("history")) {
      for (const auto& row : history->as_array()) {
        std::vector<int> r;
        for (const auto& d : row.as_array()) r.push_back(static_cast<int>(d.as_int64()));
        state.history.push_back(std::move(r));
      }
    }
    return state;
  } catch (const std::exception& e) {
    throw Error(kInternalErrorMessage, std::string("stored Connections state is unreadable: ") + e.what());
  }
}

std::string share_text(const State& state) {
  std::string out = "Connections " + state.date;
  for (const auto& row : state.history) {
    out += "\n";
    for (int d : row) out += difficulty_emoji(d);
  }
  return out;
}

bot::Reply board_reply(const State& state) {
  const auto outcome = outcome_of(state);
  bot::Embed embed{.title = "Connections — " + state.date, .color = kBlurple};
  if (outcome != Outcome::playing) {
    for (int i = 0; i < static_cast<int>(state.categories.size()); ++i) {
      embed.description += group_line(state.categories[static_cast<std::size_t>(i)], i) + "\n";
    }
    embed.description += std::to_string(state.mistakes) + " mistake" + (state.mistakes == 1 ? "" : "s");
    if (outcome == Outcome::won) {
      embed.title += " — Solved! 🎉";
      embed.color = kGreen;
    } else {
      embed.title += " — Game Over";
      embed.color = kRed;
    }
    embed.field("Share", share_text(state));
    return bot::Reply::embed(std::move(embed));
  }
  auto solved = state.solved;
  std::sort(solved.begin(), solved.end());
  for (int i : solved) embed.description += group_line(state.categories[static_cast<std::size_t>(i)], i) + "\n";
  if (!solved.empty() && !state.board.empty()) embed.description += "\n";
  embed.description += "Mistakes remaining: ";
  for (int i = 0; i < kMaxMistakes - state.mistakes; ++i) embed.description += "⬛";
  for (int i = 0; i < state.mistakes; ++i) embed.description += "✖️";
  if (!state.status_line.empty()) embed.description += "\n\n" + state.status_line;

  auto reply = bot::Reply::embed(std::move(embed));
  for (std::size_t i = 0; i < state.board.size(); ++i) {
    if (i % 4 == 0) reply.button_rows.emplace_back();
    const auto& word = state.board[i];
    const bool picked = std::find(state.selected.begin(), state.selected.end(), word) != state.selected.end();
    reply.button_rows.back().push_back(
        bot::Button{.custom_id = "game_word_" + std::to_string(i),
                    .label = word,
                    .style = picked ? bot::ButtonStyle::primary : bot::ButtonStyle::secondary});
  }
  reply.button_rows.push_back({
      bot::Button{.custom_id = "game_shuffle", .label = "Shuffle", .style = bot::ButtonStyle::secondary, .emoji = "🔀"},
      bot::Button{.custom_id = "game_deselect",
                  .label = "Deselect",
                  .style = bot::ButtonStyle::secondary,
                  .disabled = state.selected.empty()},
      bot::Button{.custom_id = "game_submit",
                  .label = "Submit",
                  .style = bot::ButtonStyle::success,
                  .disabled = state.selected.size() != 4,
                  .emoji = "✅"},
  });
  return reply;
}

}  // namespace dbot::features::connections
