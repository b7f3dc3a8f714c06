// The seed's Q1(c): f(x1, x2) >= 0 on the crosses and < 0 on the dots.
#include <cstdio>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;
using namespace ctgrad::literals;

constexpr var<"x1"> x1;
constexpr var<"x2"> x2;

int main() {
    constexpr auto f1 = max(x1, -x1) - 1_c;  // plot 1: crosses where |x1| >= 1
    constexpr auto f2 = x2 - max(x1, -x1);   // plot 2: crosses on or above x2 = |x1|
    struct sample {
        double x1, x2;
        bool cross;
    };
    const sample plot1[] = {{2, 0, true}, {-1.5, 1, true}, {1, -2, true}, {0, 0, false}, {0.5, -1, false}, {-0.75, 2, false}};
    const sample plot2[] = {{0, 1, true}, {1, 2, true}, {-2, 2, true}, {2, 1, false}, {-1, 0, false}, {0.5, -1, false}};
    int wrong = 0;
    auto run = [&](const char* name, const auto& f, const auto& samples) {
        std::printf("%s: f(x1, x2) = %s\n", name, to_string(f).c_str());
        for (const sample& s : samples) {
            double v = eval(f, at(x1 = s.x1, x2 = s.x2));
            bool ok = (v >= 0) == s.cross;
            wrong += !ok;
            std::printf("  (%+.2f, %+.2f) %-5s f = %+.2f %s\n", s.x1, s.x2, s.cross ? "cross" : "dot", v, ok ? "ok" : "WRONG");
        }
    };
    run("plot 1", f1, plot1);
    run("plot 2", f2, plot2);
    std::printf("%s\n", wrong == 0 ? "all points classified as the seed says" : "misclassified points");
    return wrong;
}
