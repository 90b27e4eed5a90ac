#include "asor/detail/residual_plot.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace asor {

namespace {

// Colour-blind safe (Okabe and Ito); dashes tell series apart past seven.
constexpr std::array<const char*, 7> kColours = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                 "#E69F00", "#56B4E9", "#000000"};
constexpr std::array<const char*, 3> kDashes = {"", "8 4", "2 3"};

std::string escape_xml(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string format(const char* spec, double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, spec, v);
    return buf;
}

bool drawable(const PlotPoint& p) {
    return std::isfinite(p.seconds) && std::isfinite(p.residual) && p.residual > 0.0;
}

// Where data land in the image: a linear time axis and a log10 residual axis.
struct Frame {
    double left, right, top, bottom;  // pixels of the plot area
    double time_max;                  // in display units
    double time_scale;                // display units per second (1 or 1000)
    double time_step;                 // between x ticks, display units
    int decade_min, decade_max;       // log10 of the y axis ends

    [[nodiscard]] double x(double seconds) const {
        return left + (right - left) * seconds * time_scale / time_max;
    }
    [[nodiscard]] double y(double residual) const {
        const double t = (std::log10(residual) - decade_min) / (decade_max - decade_min);
        return bottom - (bottom - top) * t;
    }
};

// A step of 1, 2 or 5 times a power of ten giving about six intervals.
double nice_step(double range) {
    const double raw = range / 6.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0}) {
        if (m * magnitude >= raw) return m * magnitude;
    }
    return 10.0 * magnitude;
}

Frame make_frame(std::span<const PlotSeries> series, const PlotOptions& o) {
    double t_max = 0.0;
    double r_min = INFINITY;
    double r_max = 0.0;
    for (const PlotSeries& s : series) {
        for (const PlotPoint& p : s.points) {
            if (!drawable(p)) continue;
            t_max = std::max(t_max, p.seconds);
            r_min = std::min(r_min, p.residual);
            r_max = std::max(r_max, p.residual);
        }
    }
    if (o.tolerance > 0.0 && std::isfinite(o.tolerance)) {
        r_min = std::min(r_min, o.tolerance);
        r_max = std::max(r_max, o.tolerance);
    }
    if (r_max == 0.0) r_min = r_max = 1.0;  // nothing to draw: one decade around 1
    Frame f{};
    f.left = 80.0;
    f.right = o.width - 210.0;
    f.top = 50.0;
    f.bottom = o.height - 60.0;
    f.time_scale = t_max < 1.0 ? 1000.0 : 1.0;
    const double range = t_max > 0.0 ? t_max * f.time_scale : 1.0;
    f.time_step = nice_step(range);
    f.time_max = std::ceil(range / f.time_step - 1e-9) * f.time_step;
    f.decade_min = static_cast<int>(std::floor(std::log10(r_min)));
    f.decade_max = std::max(static_cast<int>(std::ceil(std::log10(r_max))), f.decade_min + 1);
    return f;
}

std::string line(double x1, double y1, double x2, double y2, const char* cls) {
    char buf[160];
    std::snprintf(buf, sizeof buf,
                  "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", cls, x1,
                  y1, x2, y2);
    return buf;
}

std::string text(double x, double y, const char* anchor, const std::string& content,
                 const char* extra = "") {
    char buf[96];
    std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y,
                  anchor, extra);
    return buf + content + "</text>\n";
}

std::string decade_label(int k) {
    if (k == 0) return "1";
    if (k == 1) return "10";
    return "1e" + std::to_string(k);
}

std::string y_axis(const Frame& f) {
    std::string out = "<g class=\"y-axis\">\n";
    const int span = f.decade_max - f.decade_min;
    const int step = (span + 9) / 10;  // at most about ten labels
    for (int k = f.decade_min; k <= f.decade_max; k += step) {
        const double y = f.y(std::pow(10.0, k));
        out += line(f.left, y, f.right, y, "grid");
        out += line(f.left - 5.0, y, f.left, y, "tick");
        out += text(f.left - 8.0, y + 4.0, "end", decade_label(k), " class=\"tick-label\"");
    }
    const double mid = 0.5 * (f.top + f.bottom);
    char rotate[64];
    std::snprintf(rotate, sizeof rotate, " transform=\"rotate(-90 20 %.1f)\"", mid);
    out += text(20.0, mid, "middle", "relative residual ||b - Ax|| / ||b|| (log scale)", rotate);
    return out + "</g>\n";
}

std::string x_axis(const Frame& f) {
    std::string out = "<g class=\"x-axis\">\n";
    const int ticks = static_cast<int>(std::lround(f.time_max / f.time_step));
    for (int i = 0; i <= ticks; ++i) {
        const double t = i * f.time_step;
        const double x = f.left + (f.right - f.left) * t / f.time_max;
        out += line(x, f.bottom, x, f.bottom + 5.0, "tick");
        out += text(x, f.bottom + 20.0, "middle", format("%g", t), " class=\"tick-label\"");
    }
    const char* unit = f.time_scale == 1.0 ? "time (s)" : "time (ms)";
    out += text(0.5 * (f.left + f.right), f.bottom + 45.0, "middle", unit);
    return out + "</g>\n";
}

std::string style(std::size_t i) {
    std::string s = "stroke=\"" + std::string(kColours[i % kColours.size()]) + "\"";
    const char* dash = kDashes[(i / kColours.size()) % kDashes.size()];
    if (*dash) s += " stroke-dasharray=\"" + std::string(dash) + "\"";
    return s;
}

std::string polyline(const Frame& f, const PlotSeries& s, std::size_t i) {
    std::string points;
    for (const PlotPoint& p : s.points) {
        if (!drawable(p)) continue;
        char buf[48];
        std::snprintf(buf, sizeof buf, "%s%.1f,%.1f", points.empty() ? "" : " ", f.x(p.seconds),
                      f.y(p.residual));
        points += buf;
    }
    return "<polyline class=\"series\" data-name=\"" + escape_xml(s.name) + "\" " + style(i) +
           " points=\"" + points + "\"/>\n";
}

std::string legend(const Frame& f, std::span<const PlotSeries> series) {
    std::string out = "<g class=\"legend\">\n";
    for (std::size_t i = 0; i < series.size(); ++i) {
        const double y = f.top + 10.0 + 22.0 * static_cast<double>(i);
        char buf[160];
        std::snprintf(buf, sizeof buf,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"3\" ",
                      f.right + 15.0, y, f.right + 45.0, y);
        out += buf + style(i) + "/>\n";
        out += text(f.right + 52.0, y + 4.0, "start", escape_xml(series[i].name));
    }
    return out + "</g>\n";
}

std::string tolerance_line(const Frame& f, double tolerance) {
    if (!(tolerance > 0.0 && std::isfinite(tolerance))) return "";
    const double y = f.y(tolerance);
    return line(f.left, y, f.right, y, "tolerance") +
           text(f.right - 4.0, y - 4.0, "end", "tol " + format("%g", tolerance));
}

}  // namespace

std::string residual_plot_svg(std::span<const PlotSeries> series, const PlotOptions& o) {
    const Frame f = make_frame(series, o);
    char head[512];
    std::snprintf(head, sizeof head,
                  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                  "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">\n"
                  "<style>.grid{stroke:#ddd} .tick,.frame{stroke:#333} "
                  ".tolerance{stroke:#888;stroke-dasharray:4 4} "
                  ".series{fill:none;stroke-width:2}</style>\n"
                  "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
                  o.width, o.height, o.width, o.height);
    std::string svg = head;
    svg += text(0.5 * o.width, 28.0, "middle", escape_xml(o.title),
                " class=\"title\" font-size=\"17\"");
    svg += y_axis(f) + x_axis(f) + tolerance_line(f, o.tolerance);
    char frame[160];
    std::snprintf(frame, sizeof frame,
                  "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                  "fill=\"none\"/>\n",
                  f.left, f.top, f.right - f.left, f.bottom - f.top);
    svg += frame;
    for (std::size_t i = 0; i < series.size(); ++i) svg += polyline(f, series[i], i);
    return svg + legend(f, series) + "</svg>\n";
}

}  // namespace asor
