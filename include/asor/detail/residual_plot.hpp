// asor: residual against time as an SVG image, written without any plotting tool.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace asor {

/// One observation of a solve: wall time since its start and the relative
/// residual ||b - A x|| / ||b|| (an estimate or the recomputed value).
struct PlotPoint {
    double seconds = 0.0;   ///< seconds since the start of the solve
    double residual = 0.0;  ///< relative residual, dimensionless
};

/// One line of the plot, named in the legend.
struct PlotSeries {
    std::string name;
    std::vector<PlotPoint> points;  ///< in time order
};

/// Look of the plot.
struct PlotOptions {
    std::string title = "Residual against time";  ///< XML-escaped when drawn
    /// Size of the image in pixels. The plot area is what remains after fixed
    /// margins (290 pixels across, 110 down); sizes are not checked.
    int width = 800;
    int height = 500;
    /// Drawn as a dashed horizontal line labelled "tol" when positive and finite.
    double tolerance = 0.0;
};

/// A standalone SVG document: one <polyline class="series" data-name="NAME">
/// per series (even one with no drawable point), in the order given, over a
/// linear time axis (seconds, or milliseconds when every run is shorter than
/// a second) and a base-10 logarithmic residual axis with a tick and a grid
/// line at each power of ten; a legend naming each series in its colour; axis
/// labels and the title. Points whose time or residual is not finite, or
/// whose residual is not positive, are left out (a log axis cannot show
/// them). Text is XML-escaped. Pure: no I/O, never throws but std::bad_alloc.
std::string residual_plot_svg(std::span<const PlotSeries> series, const PlotOptions& options = {});

}  // namespace asor
