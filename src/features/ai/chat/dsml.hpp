#pragma once
// DeepSeek sometimes writes its tool calls as DSML markup inside the answer
// text instead of as structured tool calls (seed §10). This parser accepts
// both closing forms ("<｜DSML｜/invoke>" and "</｜DSML｜invoke>"), strips the
// "<｜DSML｜function_calls>" wrapper, and honours `string="false"` on a
// parameter by taking its value as JSON (a number stays a number);
// otherwise values are strings, which the tool layer coerces against the
// tool's schema.
//
// Cleaning: every complete invoke block, stray parameter block and wrapper
// tag is removed from the text and the result trimmed; an unclosed invoke
// yields no call and its opening tag stays visible.

#include <string>
#include <string_view>
#include <vector>

#include "features/ai/model/chat_model.hpp"

namespace dbot::features::ai::chat {

struct DsmlResult {
  std::string text;  // the answer without the markup
  std::vector<ToolCall> calls;
};

// Calls get ids "dsml_<n>" numbered from `first_id` in order of appearance.
DsmlResult parse_dsml(std::string_view text, unsigned first_id = 1);

}  // namespace dbot::features::ai::chat
