// The SVG plot of residual against time: structure, axes, legend, escaping.
#include "asor/detail/residual_plot.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <string>

using namespace asor;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

// The `points` attribute of the polyline of series `name`.
std::string points_of(const std::string& svg, const std::string& name) {
    const auto line = svg.find("data-name=\"" + name + "\"");
    const auto start = svg.find("points=\"", line) + 8;
    return svg.substr(start, svg.find('"', start) - start);
}

std::vector<PlotSeries> three_methods() {
    return {{"gs", {{0.0, 1.0}, {0.01, 1e-3}, {0.02, 1e-6}, {0.03, 5e-9}}},
            {"sor", {{0.0, 1.0}, {0.005, 1e-4}, {0.01, 9e-9}}},
            {"async, 2 threads", {{0.0, 1.0}, {0.002, 1e-5}, {0.004, 2e-9}}}};
}

}  // namespace

TEST_CASE("the plot is one SVG document with one line per series", "[residual_plot]") {
    const auto series = three_methods();
    const std::string svg = residual_plot_svg(series);
    CHECK_THAT(svg, StartsWith("<?xml version=\"1.0\""));
    CHECK_THAT(svg, Contains("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK_THAT(svg, EndsWith("</svg>\n"));
    CHECK(count(svg, "<g") == count(svg, "</g>"));
    CHECK(count(svg, "<text") == count(svg, "</text>"));
    CHECK(count(svg, "<polyline class=\"series\"") == 3);
    for (const PlotSeries& s : series) {
        CHECK(count(svg, "data-name=\"" + s.name + "\"") == 1);
        CHECK(count(points_of(svg, s.name), ",") == s.points.size());
    }
    SECTION("series keep their order") {
        CHECK(svg.find("data-name=\"gs\"") < svg.find("data-name=\"sor\""));
        CHECK(svg.find("data-name=\"sor\"") < svg.find("data-name=\"async, 2 threads\""));
    }
}

TEST_CASE("the residual axis is logarithmic with a tick at each power of ten", "[residual_plot]") {
    const auto series = three_methods();
    const std::string svg = residual_plot_svg(series);
    CHECK_THAT(svg, Contains("log scale"));
    for (const char* label : {">1<", ">1e-1<", ">1e-5<", ">1e-9<"})
        CHECK_THAT(svg, Contains(label));
    CHECK_FALSE(svg.find(">1e-10<") != std::string::npos);
    SECTION("equal ratios are equal distances") {
        const std::vector<PlotSeries> even = {{"gs", {{0.0, 1.0}, {1.0, 1e-2}, {2.0, 1e-4}}}};
        const std::string p = points_of(residual_plot_svg(even), "gs");
        double x0, y0, x1, y1, x2, y2;
        REQUIRE(std::sscanf(p.c_str(), "%lf,%lf %lf,%lf %lf,%lf", &x0, &y0, &x1, &y1, &x2, &y2) ==
                6);
        CHECK(y1 - y0 == Approx(y2 - y1).margin(0.1));
        CHECK(x2 - x1 == Approx(x1 - x0).margin(0.1));
        CHECK(y1 > y0);  // SVG's y grows downwards
    }
}

TEST_CASE("the plot has a title, axis labels, a legend and the tolerance", "[residual_plot]") {
    PlotOptions o;
    o.title = "Residual against time: A.mtx";
    o.tolerance = 1e-8;
    const std::string svg = residual_plot_svg(three_methods(), o);
    CHECK_THAT(svg, Contains(">Residual against time: A.mtx</text>"));
    CHECK_THAT(svg, Contains("time (ms)"));  // every run under a second
    CHECK_THAT(svg, Contains("relative residual"));
    CHECK_THAT(svg, Contains("<g class=\"legend\">"));
    for (const char* name : {">gs</text>", ">sor</text>", ">async, 2 threads</text>"}) {
        CHECK_THAT(svg, Contains(name));
    }
    CHECK_THAT(svg, Contains(">tol 1e-08</text>"));
    SECTION("runs over a second are in seconds") {
        const std::vector<PlotSeries> slow = {{"gs", {{0.0, 1.0}, {12.0, 1e-9}}}};
        CHECK_THAT(residual_plot_svg(slow), Contains("time (s)"));
    }
}

TEST_CASE("points a log axis cannot show are left out, text is escaped", "[residual_plot]") {
    const std::vector<PlotSeries> series = {
        {"a<b & \"c\"", {{0.0, 1.0}, {0.1, 0.0}, {0.2, NAN}, {0.3, INFINITY}, {0.4, 1e-3}}},
        {"refused", {}}};
    const std::string svg = residual_plot_svg(series);
    CHECK_THAT(svg, Contains("data-name=\"a&lt;b &amp; &quot;c&quot;\""));
    CHECK(count(points_of(svg, "a&lt;b &amp; &quot;c&quot;"), ",") == 2);
    CHECK_THAT(svg, Contains("data-name=\"refused\" stroke=\"#D55E00\" points=\"\""));
    CHECK_FALSE(svg.find("nan") != std::string::npos);
    CHECK_FALSE(svg.find("inf") != std::string::npos);
    SECTION("nothing at all still makes a document") {
        const std::string empty = residual_plot_svg({});
        CHECK_THAT(empty, EndsWith("</svg>\n"));
        CHECK(count(empty, "<polyline") == 0);
    }
}
