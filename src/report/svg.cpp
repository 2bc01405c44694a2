// SVG charts of a comparison (see charts.hpp), written by hand: a few
// rectangles, lines and labels need no plotting library. Colours are the
// Okabe-Ito palette (Okabe & Ito, "Color Universal Design", 2008), which
// reads for colour-blind readers and in greyscale print.
#include "irqsim/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace irqsim {

namespace {

constexpr const char* kBlue = "#0072B2";
constexpr const char* kOrange = "#E69F00";
constexpr const char* kPhaseColours[] = {"#56B4E9", "#E69F00", "#CC79A7", "#0072B2", "#009E73"};
constexpr const char* kPhaseFields[] = {"cycles_entry", "cycles_switch", "cycles_copy", "cycles_handler", "cycles_exit"};
constexpr const char* kPhaseNames[] = {"entry/save", "stack switch", "thread_info copy", "handler", "exit"};
constexpr int kWidth = 760;

std::string esc(const std::string& s) {
    std::string o;
    for (char c : s) {
        switch (c) {
            case '&': o += "&amp;"; break;
            case '<': o += "&lt;"; break;
            case '>': o += "&gt;"; break;
            case '"': o += "&quot;"; break;
            default: o += c;
        }
    }
    return o;
}

// The report's own text for a field (what report.json holds).
std::string field(const DesignReport& r, const std::string& name) {
    for (auto& [k, v] : report_fields(r))
        if (k == name) return v;
    return {};
}
double number(const DesignReport& r, const std::string& name) {
    std::string v = field(r, name);
    return v.empty() ? 0 : std::stod(v);
}
std::string data(const DesignReport& r, const std::string& name) {
    return fmt::format("data-design=\"{}\" data-field=\"{}\" data-value=\"{}\"", esc(r.design), name,
                       esc(field(r, name)));
}

// An axis from 0: a step of 1, 2 or 5 times a power of ten (bytes: a power
// of two) giving at most `ticks` intervals up to at least `max`.
struct Axis {
    double step = 1, top = 1;
    double at(double v, double from, double to) const { return from + (to - from) * v / top; }
};
Axis decimal_axis(double max, int ticks = 6) {
    if (max <= 0) max = 1;
    double raw = max / ticks, mag = std::pow(10, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    return {step, std::ceil(max / step) * step};
}
Axis bytes_axis(double max, int ticks = 6) {
    if (max <= 0) max = 1;
    double step = 16;
    while (max / step > ticks) step *= 2;
    return {step, std::ceil(max / step) * step};
}
std::string bytes_label(double v) {
    auto b = static_cast<uint64_t>(v);
    if (b >= 1024 && b % 1024 == 0) return fmt::format("{} KiB", b / 1024);
    return fmt::format("{}", b);
}
std::string decimal_label(double v) { return v == std::floor(v) ? fmt::format("{:.0f}", v) : fmt::format("{:g}", v); }

struct Svg {
    std::string body;
    int height;
    explicit Svg(int h) : height(h) {}
    void text(double x, double y, const std::string& s, const std::string& attrs = {}) {
        body += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\"{}{}>{}</text>\n", x, y, attrs.empty() ? "" : " ", attrs,
                            esc(s));
    }
    void rect(double x, double y, double w, double h, const std::string& fill, const std::string& attrs = {}) {
        body += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"{}{}/>\n", x,
                            y, std::max(w, 0.0), std::max(h, 0.0), fill, attrs.empty() ? "" : " ", attrs);
    }
    void line(double x1, double y1, double x2, double y2, const std::string& attrs) {
        body += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" {}/>\n", x1, y1, x2, y2,
                            attrs);
    }
    void title(const std::string& t, const std::string& subtitle) {
        text(20, 28, t, "class=\"title\"");
        if (!subtitle.empty()) text(20, 46, subtitle, "class=\"subtitle\"");
    }
    // Legend swatches in a row, right-aligned at x_right.
    void legend(double x_right, double y, const std::vector<std::pair<std::string, std::string>>& items) {
        double w = 0;
        for (auto& [name, colour] : items) w += 22 + 7.0 * name.size() + 16;
        double x = x_right - w;
        for (auto& [name, colour] : items) {
            rect(x, y - 10, 14, 12, colour);
            text(x + 20, y, name, "class=\"legend\"");
            x += 22 + 7.0 * name.size() + 16;
        }
    }
    std::string str(const std::string& aria) const {
        return fmt::format(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{0}\" height=\"{1}\" "
            "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\">\n"
            "<style>text{{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;font-size:12px;fill:#222}}"
            ".title{{font-size:16px;font-weight:bold}}.subtitle{{font-size:12px;fill:#555}}"
            ".tick{{font-size:11px;fill:#444}}.value{{font-size:11px}}.legend{{font-size:12px}}"
            ".design{{font-size:12px;font-weight:bold}}.note{{font-size:11px;fill:#555}}"
            ".warn{{font-size:11px;fill:#D55E00;font-weight:bold}}</style>\n"
            "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{3}</svg>\n",
            kWidth, height, esc(aria), body);
    }
};

// Horizontal gridlines and labels of a vertical value axis.
void value_axis(Svg& s, const Axis& a, double x0, double x1, double y_bottom, double y_top,
                std::string (*label)(double)) {
    for (double v = 0; v <= a.top + a.step / 2; v += a.step) {
        double y = a.at(v, y_bottom, y_top);
        s.line(x0, y, x1, y, v == 0 ? "stroke=\"#444\" stroke-width=\"1\"" : "stroke=\"#e4e4e4\" stroke-width=\"1\"");
        s.text(x0 - 6, y + 4, label(v), "class=\"tick\" text-anchor=\"end\"");
    }
}

}  // namespace

std::string svg_stack_marks(const std::vector<DesignReport>& reports, const std::string& subtitle) {
    const double x0 = 86, x1 = kWidth - 24, y_top = 84, y_bottom = 350;
    Svg s(420);
    s.title("Stack high-water marks", subtitle);
    s.legend(x1, 66, {{"task stack", kBlue}, {"IRQ stack", kOrange}});
    double max = 1;
    uint32_t thread_size = reports.empty() ? 0 : reports[0].thread_size;
    for (const auto& r : reports) {
        max = std::max({max, number(r, "max_task_stack"), number(r, "max_irq_stack")});
        if (r.thread_size != thread_size) thread_size = 0;  // no one line for all
    }
    if (thread_size) max = std::max(max, static_cast<double>(thread_size));
    Axis a = bytes_axis(max * 1.05);
    value_axis(s, a, x0, x1, y_bottom, y_top, bytes_label);
    s.text(22, (y_top + y_bottom) / 2, "bytes used",
           fmt::format("class=\"tick\" text-anchor=\"middle\" transform=\"rotate(-90 22 {:.1f})\"", (y_top + y_bottom) / 2));
    if (thread_size) {
        double y = a.at(thread_size, y_bottom, y_top);
        s.line(x0, y, x1, y, "stroke=\"#D55E00\" stroke-width=\"1.2\" stroke-dasharray=\"6 4\"");
        s.text(x1 - 4, y - 5, fmt::format("THREAD_SIZE = {}", bytes_label(thread_size)),
               fmt::format("class=\"note\" text-anchor=\"end\" data-field=\"thread_size\" data-value=\"{}\"", thread_size));
    }
    double gw = (x1 - x0) / std::max<size_t>(reports.size(), 1), bw = std::min(64.0, gw * 0.34);
    for (size_t i = 0; i < reports.size(); ++i) {
        const DesignReport& r = reports[i];
        double cx = x0 + gw * (i + 0.5);
        int k = 0;
        for (auto [name, colour] : {std::pair{"max_task_stack", kBlue}, {"max_irq_stack", kOrange}}) {
            double v = number(r, name), x = cx - bw - 2 + k * (bw + 4), y = a.at(v, y_bottom, y_top);
            s.rect(x, y, bw, y_bottom - y, colour, data(r, name));
            s.text(x + bw / 2, y - 5, field(r, name), "class=\"value\" text-anchor=\"middle\"");
            ++k;
        }
        s.text(cx, y_bottom + 20, r.design, "class=\"design\" text-anchor=\"middle\"");
        if (r.stack_overflows)
            s.text(cx, y_bottom + 36, fmt::format("{} overflow{}", field(r, "stack_overflows"), r.stack_overflows > 1 ? "s" : ""),
                   "class=\"warn\" text-anchor=\"middle\" " + data(r, "stack_overflows"));
        else
            s.text(cx, y_bottom + 36, fmt::format("deepest nesting {}", field(r, "max_nesting")),
                   "class=\"note\" text-anchor=\"middle\" " + data(r, "max_nesting"));
    }
    return s.str("Stack high-water marks per design: task stack and IRQ stack, in bytes");
}

namespace {
// One panel of horizontal stacked bars, a row per design, of the phases
// listed; `total` names the field written after each bar (empty: the sum of
// the phases drawn).
double phase_panel(Svg& s, const std::vector<DesignReport>& reports, const std::vector<unsigned>& phases,
                   const char* total, double y_top, const std::string& heading, const std::string& axis_label) {
    const double x0 = 170, x1 = kWidth - 80, row = 44, bar = 26;
    double y_bottom = y_top + row * std::max<size_t>(reports.size(), 1);
    s.text(20, y_top - 14, heading, "class=\"design\"");
    auto sum = [&](const DesignReport& r) {
        double v = 0;
        for (unsigned p : phases) v += number(r, kPhaseFields[p]);
        return v;
    };
    double max = 0;
    for (const auto& r : reports) max = std::max(max, total ? number(r, total) : sum(r));
    Axis a = decimal_axis(max * 1.02);
    for (double v = 0; v <= a.top + a.step / 2; v += a.step) {
        double x = a.at(v, x0, x1);
        s.line(x, y_top - 4, x, y_bottom, v == 0 ? "stroke=\"#444\"" : "stroke=\"#e4e4e4\"");
        s.text(x, y_bottom + 16, decimal_label(v), "class=\"tick\" text-anchor=\"middle\"");
    }
    s.text((x0 + x1) / 2, y_bottom + 34, axis_label, "class=\"tick\" text-anchor=\"middle\"");
    for (size_t i = 0; i < reports.size(); ++i) {
        const DesignReport& r = reports[i];
        double y = y_top + row * i + (row - bar) / 2, x = x0;
        s.text(x0 - 10, y + bar / 2, r.design, "class=\"design\" text-anchor=\"end\"");
        s.text(x0 - 10, y + bar / 2 + 14, "core: " + r.core, "class=\"note\" text-anchor=\"end\" " + data(r, "core"));
        for (unsigned p : phases) {
            double v = number(r, kPhaseFields[p]), w = a.at(v, 0, x1 - x0);
            s.rect(x, y, w, bar, kPhaseColours[p], data(r, kPhaseFields[p]));
            if (w > 38)
                s.text(x + w / 2, y + bar / 2 + 4, field(r, kPhaseFields[p]),
                       fmt::format("class=\"value\" text-anchor=\"middle\" style=\"fill:{}\"", p == 3 ? "#fff" : "#111"));
            x += w;
        }
        if (total)
            s.text(x + 6, y + bar / 2 + 4, field(r, total), "class=\"value\" " + data(r, total));
        else
            s.text(x + 6, y + bar / 2 + 4, fmt::format("{:.1f}", sum(r)), "class=\"value\"");
    }
    return y_bottom + 34;
}
}  // namespace

std::string svg_irq_phases(const std::vector<DesignReport>& reports, const std::string& subtitle) {
    bool flat = std::all_of(reports.begin(), reports.end(), [](const DesignReport& r) { return r.core == "flat"; });
    std::string sub = subtitle;
    if (flat) sub += std::string(sub.empty() ? "" : " \u00b7 ") + "flat cycle model: 1 cycle per instruction";
    double rows = 44.0 * std::max<size_t>(reports.size(), 1);
    Svg s(static_cast<int>(100 + 2 * (rows + 70) + 10));
    s.title("Cycles per IRQ, by phase", sub);
    std::vector<std::pair<std::string, std::string>> legend;
    for (unsigned p = 0; p < 5; ++p) legend.emplace_back(kPhaseNames[p], kPhaseColours[p]);
    s.legend(kWidth - 20, 72, legend);
    // The whole IRQ, then what a design adds around the handler (the
    // handler's own work is the workload's, alike in every design).
    double y = phase_panel(s, reports, {0, 1, 2, 3, 4}, "cycles_per_irq", 112, "Vector entry to ERET",
                           "cycles, mean per IRQ");
    phase_panel(s, reports, {0, 1, 2, 4}, nullptr, y + 46, "The same without the handler: what the design adds",
                "cycles, mean per IRQ");
    return s.str("Cycles per IRQ per design, split into entry, stack switch, thread_info copy, handler and exit");
}

std::string svg_stack_depth(const std::vector<DepthSeries>& series, const std::string& subtitle) {
    const double x0 = 86, x1 = kWidth - 24, top = 84, panel = 112, gap = 30;
    double bottom = top + series.size() * (panel + gap) - gap;
    Svg s(static_cast<int>(bottom + 56));
    unsigned cpu = series.empty() ? 0 : series[0].cpu;
    s.title(fmt::format("Stack depth over time, CPU {}", cpu), subtitle);
    s.legend(x1, 62, {{"task stack", kBlue}, {"IRQ stack", kOrange}});
    uint64_t t_end = 1;
    double max = 1;
    for (const auto& d : series)
        for (const DepthSample& p : d.samples) {
            t_end = std::max(t_end, p.t_ns);
            max = std::max({max, double(p.task_bytes), double(p.irq_bytes)});
        }
    Axis ya = bytes_axis(max * 1.2, 3), xa = decimal_axis(t_end / 1e6, 12);
    for (size_t i = 0; i < series.size(); ++i) {
        const DepthSeries& d = series[i];
        double pt = top + i * (panel + gap), pb = pt + panel;
        value_axis(s, ya, x0, x1, pb, pt, bytes_label);
        s.text(x0, pt - 8, d.design, "class=\"design\"");
        // Each pixel column shows the deepest sample in it.
        constexpr int kColumns = 650;
        std::vector<uint32_t> task(kColumns, 0), irq(kColumns, 0);
        std::vector<bool> seen(kColumns, false);
        uint32_t max_task = 0, max_irq = 0;
        for (const DepthSample& p : d.samples) {
            auto c = std::min<size_t>(kColumns - 1, static_cast<size_t>(p.t_ns / 1e6 / xa.top * kColumns));
            task[c] = std::max(task[c], p.task_bytes), irq[c] = std::max(irq[c], p.irq_bytes), seen[c] = true;
            max_task = std::max(max_task, p.task_bytes), max_irq = std::max(max_irq, p.irq_bytes);
        }
        for (auto [values, colour, stack, peak] : {std::tuple{&task, kBlue, "task", max_task}, {&irq, kOrange, "irq", max_irq}}) {
            std::string points;
            for (int c = 0; c < kColumns; ++c)
                if (seen[c])
                    points += fmt::format("{:.1f},{:.1f} ", x0 + (x1 - x0) * (c + 0.5) / kColumns,
                                          ya.at((*values)[c], pb, pt));
            if (!points.empty()) points.pop_back();
            s.body += fmt::format(
                "<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"1.2\" stroke-linejoin=\"round\" "
                "data-design=\"{}\" data-cpu=\"{}\" data-stack=\"{}\" data-max-bytes=\"{}\" data-samples=\"{}\" "
                "points=\"{}\"/>\n",
                colour, esc(d.design), d.cpu, stack, peak, d.samples.size(), points);
        }
    }
    for (double v = 0; v <= xa.top + xa.step / 2; v += xa.step) {
        double x = xa.at(v, x0, x1);
        s.line(x, bottom, x, bottom + 4, "stroke=\"#444\"");
        s.text(x, bottom + 16, decimal_label(v), "class=\"tick\" text-anchor=\"middle\"");
    }
    s.text((x0 + x1) / 2, bottom + 36,
           "time on the board's clock (ms); each point: the deepest sampled SP in its interval",
           "class=\"tick\" text-anchor=\"middle\"");
    return s.str(fmt::format("Stack depth over time on CPU {}, per design", cpu));
}

}  // namespace irqsim
