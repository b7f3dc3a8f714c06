// The code to_cpp emitted (generated.hpp, by emit.cpp) against value_and_grad: the same
// value and gradient, to 1e-13 relative, for every case at several points.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <vector>

#include "cases.hpp"
#include "generated.hpp"

namespace {
bool close(double a, double b) { return std::fabs(a - b) <= 1e-13 * std::max(std::fabs(a), std::fabs(b)) + 1e-300; }

/// Checks case number k at point p: in[] is p's values in the order of f's variables.
template <class F, class W, class P>
void check_case(std::size_t k, const std::string& name, const F& f, W w, const P& p) {
    using prog = ctgrad::detail::program_of<double, F>;
    std::vector<double> in;
    for (std::size_t i = 0; i < prog::value.variables.size(); ++i) {
        int at = P::index_of(prog::value.variable_hashes[i], prog::value.variables[i]);
        REQUIRE(at >= 0);
        in.push_back(p.values[static_cast<std::size_t>(at)]);
    }
    std::vector<double> grad(W::size + 1);
    double value = 0;
    generated::function_at<double>(static_cast<int>(k))(in.data(), &value, grad.data());
    const auto r = ctgrad::value_and_grad(f, w, p);
    INFO(name << ": " << ctgrad::to_string(f));
    CHECK(close(value, r.value));
    for (std::size_t i = 0; i < W::size; ++i) {
        INFO("d/d" << W::names[i] << ": generated " << grad[i] << ", value_and_grad " << r.grad[i]);
        CHECK(close(grad[i], r.grad[i]));
    }
}
}  // namespace

TEST_CASE("to_cpp code computes what value_and_grad computes", "[to_cpp]") {
    std::size_t k = 0;
    to_cpp_cases::for_each_case([&](const std::string& name, const auto& expr, auto w, const auto& points) {
        for (const auto& p : points) check_case(k, name, expr, w, p);
        ++k;
    });
    CHECK(k == 3 + to_cpp_cases::random_cases + to_cpp_cases::derivative_cases);
}
