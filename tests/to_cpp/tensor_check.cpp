// The code to_cpp emitted for tensor programs (tensor_generated.hpp, by tensor_emit.cpp)
// against a workspace's value_and_grad: the same value and every gradient element to 1e-12
// relative (plain loops sum in another order than Eigen's GEMM).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "tensor_cases.hpp"
#include "tensor_generated.hpp"

namespace {
bool close(double a, double b, double scale) { return std::fabs(a - b) <= 1e-12 * std::max({std::fabs(a), std::fabs(b), scale}); }

template <class V>
auto bind(const to_cpp_tensor_cases::values& v) {
    const std::vector<double>& values = v.at(std::string(V::name.view()));
    if constexpr (V::shape.rank == 0) return V{} = values[0];
    else return V{} = values;
}
}  // namespace

TEST_CASE("to_cpp code of tensor programs computes what a workspace computes", "[to_cpp][tensor]") {
    int k = 0;
    to_cpp_tensor_cases::for_each_case([&](const std::string& name, const auto& f, auto w, auto all, const auto& values) {
        using F = std::remove_cvref_t<decltype(f)>;
        using prog = ctgrad::detail::program_of<double, F>;
        // in[]: each variable's elements in the program's order, as the generated comment lists
        std::vector<double> in;
        for (std::size_t i = 0; i < prog::value.variables.size(); ++i) {
            const auto& v = values.at(std::string(prog::value.variables[i]));
            REQUIRE(v.size() == prog::value.shapes[static_cast<std::size_t>(prog::value.variable_slots[i])].size());
            in.insert(in.end(), v.begin(), v.end());
        }
        const auto point = [&]<class... All>(ctgrad::wrt_list<All...>) { return ctgrad::at(bind<All>(values)...); }(all);
        [&]<class... Vars>(ctgrad::wrt_list<Vars...>) {
            auto ws = ctgrad::make_workspace<double>(f, w);
            const double expected = ws.value_and_grad(point);
            std::vector<double> grad((Vars::shape.size() + ...), 0.0);
            double value = 0;
            tensor_generated::function_at<double>(k)(in.data(), &value, grad.data());
            INFO(name << ": " << ctgrad::to_string(f));
            CHECK(close(value, expected, 0.0));
            std::size_t at = 0;
            (
                [&] {
                    const double* g = ws.grad.data(Vars{});
                    double scale = 0;
                    for (std::size_t e = 0; e < Vars::shape.size(); ++e) scale = std::max(scale, std::fabs(g[e]));
                    for (std::size_t e = 0; e < Vars::shape.size(); ++e) {
                        INFO("d/d" << Vars::name.view() << "[" << e << "]: generated " << grad[at + e] << ", workspace " << g[e]);
                        CHECK(close(grad[at + e], g[e], scale));
                    }
                    at += Vars::shape.size();
                }(),
                ...);
        }(w);
        ++k;
    });
    CHECK(k == static_cast<int>(to_cpp_tensor_cases::written_cases + to_cpp_tensor_cases::expression_cases));
}
