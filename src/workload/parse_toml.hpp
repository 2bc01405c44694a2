// TOML text to a table, for the workload and sweep parsers: a syntax error
// is a WorkloadError naming the source, line and column, as their own errors
// are.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <toml++/toml.h>

#include "irqsim/workload.hpp"

namespace irqsim {

inline toml::table parse_toml(std::string_view text, const std::string& source) {
    try {
        return toml::parse(text, std::string_view(source));
    } catch (const toml::parse_error& e) {
        auto r = e.source().begin;
        throw WorkloadError(source, r.line, r.column, "", fmt::format("TOML syntax: {}", e.description()));
    }
}

}  // namespace irqsim
