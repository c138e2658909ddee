#pragma once
// The current time in the instance's `timezone`, for the system prompt.
// libstdc++ 12 has no std::chrono time-zone database, so this reads the
// zone's TZif file (the one `timezone` was validated against) once at
// start-up and looks offsets up in its transition table. The installed
// files carry explicit transitions up to 2037; later instants use the last
// known offset.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbot::features::ai::chat {

class TimeZone {
 public:
  // UTC.
  TimeZone() = default;
  // nullopt when the file is missing or not TZif.
  static std::optional<TimeZone> load(const std::filesystem::path& file, std::string name);
  static std::optional<TimeZone> parse(std::string_view tzif, std::string name);

  struct Local {
    std::int32_t offset_seconds = 0;
    std::string abbreviation;  // "CET", "EDT"; may be empty
  };
  Local at(std::int64_t unix_seconds) const;
  const std::string& name() const { return name_; }

 private:
  struct Type {
    std::int32_t offset = 0;
    std::string abbreviation;
  };
  std::string name_ = "UTC";
  std::vector<std::int64_t> transitions_;
  std::vector<std::uint8_t> type_of_;  // per transition
  std::vector<Type> types_;
};

// "Thursday, December 3, 2026, 14:05 CET (Europe/Berlin, UTC+01:00)".
std::string describe_local_time(const TimeZone& zone, std::int64_t unix_ms);

}  // namespace dbot::features::ai::chat
