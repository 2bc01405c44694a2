// SVG charts of a comparison (issue 7, "Charts"), written by `irqsim compare
// --out DIR`: plain SVG 1.1 a browser, a paper or a mailing-list post can
// take as it is. Every figure drawn carries the report's own text for it in
// data-design / data-field / data-value attributes (the JSON report's
// numbers, as report_fields() writes them), so a reader or a test can check
// a chart against report.json.
#pragma once

#include <string>
#include <vector>

#include "irqsim/compare.hpp"
#include "irqsim/trace.hpp"

namespace irqsim {

// Grouped bars: each design's task-stack and IRQ-stack high-water marks
// (max_task_stack, max_irq_stack), with THREAD_SIZE for scale.
std::string svg_stack_marks(const std::vector<DesignReport>& reports, const std::string& subtitle = {});

// Stacked bars: each design's (and core's) cycles per IRQ, split into the
// phases entry, switch, copy, handler, exit (cycles_entry ... cycles_exit),
// with the total (cycles_per_irq).
std::string svg_irq_phases(const std::vector<DesignReport>& reports, const std::string& subtitle = {});

// Lines: one CPU's stack depth over time, a panel per design, the task stack
// and the IRQ stack apart (RunTrace::depth_samples; each point is the
// deepest SP of its interval).
struct DepthSeries {
    std::string design;
    unsigned cpu = 0;
    std::vector<DepthSample> samples;
};
std::string svg_stack_depth(const std::vector<DepthSeries>& series, const std::string& subtitle = {});

}  // namespace irqsim
