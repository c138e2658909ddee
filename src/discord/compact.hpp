#pragma once
// Small owning containers for cached objects, where std::string (32 B) and
// std::vector (24 B) would dominate the size of a cached member.

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/snowflake.hpp"

namespace dbot::discord {

// An immutable string in one allocation (length prefix + bytes); 8 bytes
// when empty, no allocation for the empty string.
class CompactString {
 public:
  CompactString() = default;
  CompactString(std::string_view text) { assign(text); }  // NOLINT: implicit on purpose
  CompactString(const CompactString& o) { assign(o.view()); }
  CompactString(CompactString&&) noexcept = default;
  CompactString& operator=(const CompactString& o) {
    if (this != &o) assign(o.view());
    return *this;
  }
  CompactString& operator=(CompactString&&) noexcept = default;
  CompactString& operator=(std::string_view text) {
    assign(text);
    return *this;
  }

  std::string_view view() const {
    if (!data_) return {};
    std::uint32_t n;
    std::memcpy(&n, data_.get(), sizeof n);
    return {data_.get() + sizeof n, n};
  }
  std::string str() const { return std::string(view()); }
  bool empty() const { return !data_; }
  friend bool operator==(const CompactString& a, std::string_view b) { return a.view() == b; }

 private:
  void assign(std::string_view text) {
    if (text.empty()) {
      data_.reset();
      return;
    }
    const auto n = static_cast<std::uint32_t>(text.size());
    data_ = std::make_unique_for_overwrite<char[]>(sizeof n + n);
    std::memcpy(data_.get(), &n, sizeof n);
    std::memcpy(data_.get() + sizeof n, text.data(), n);
  }
  std::unique_ptr<char[]> data_;
};

// A fixed list of snowflakes in one allocation; 8 bytes when empty.
class IdList {
 public:
  IdList() = default;
  IdList(std::span<const Snowflake> ids) { assign(ids); }  // NOLINT
  IdList(std::initializer_list<Snowflake> ids) { assign(std::span<const Snowflake>(ids.begin(), ids.size())); }
  IdList(const IdList& o) { assign(o.span()); }
  IdList(IdList&&) noexcept = default;
  IdList& operator=(const IdList& o) {
    if (this != &o) assign(o.span());
    return *this;
  }
  IdList& operator=(IdList&&) noexcept = default;

  std::span<const Snowflake> span() const {
    if (!data_) return {};
    return {reinterpret_cast<const Snowflake*>(data_.get() + 1), static_cast<std::size_t>(data_[0])};
  }
  std::size_t size() const { return data_ ? static_cast<std::size_t>(data_[0]) : 0; }
  bool empty() const { return !data_; }
  bool contains(Snowflake id) const {
    for (auto x : span()) {
      if (x == id) return true;
    }
    return false;
  }
  auto begin() const { return span().begin(); }
  auto end() const { return span().end(); }

 private:
  static_assert(sizeof(Snowflake) == sizeof(std::uint64_t));
  void assign(std::span<const Snowflake> ids) {
    if (ids.empty()) {
      data_.reset();
      return;
    }
    data_ = std::make_unique_for_overwrite<std::uint64_t[]>(ids.size() + 1);
    data_[0] = ids.size();
    std::memcpy(data_.get() + 1, ids.data(), ids.size() * sizeof(std::uint64_t));
  }
  std::unique_ptr<std::uint64_t[]> data_;
};

}  // namespace dbot::discord
