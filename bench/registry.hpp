// bench/registry.hpp - every system registers, per case, a benchmark named
// "<case>/<system>" and the function that computes its value and gradient, so that
// bench/main.cpp --smoke can check all systems against ctgrad in one run.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include <benchmark/benchmark.h>

#include "cases.hpp"

namespace bench {

/// The value and then the gradient (in the case's parameters) at the case's inputs.
using gradient_function = std::function<std::vector<double>(const std::vector<double>& inputs)>;

struct entry {
    std::string case_name;
    std::string system;
    std::vector<double> inputs;  // Case::inputs()
    gradient_function gradient;  // empty for systems that time the function alone
};

std::vector<entry>& registry();  // bench/main.cpp

template <class Case>
void add(const std::string& system, void (*run)(benchmark::State&), gradient_function gradient = {}) {
    benchmark::RegisterBenchmark((Case::name() + "/" + system).c_str(), run);
    registry().push_back({Case::name(), system, Case::inputs(), std::move(gradient)});
}

/// Calls register_case<Case>() for every case of a std::tuple of cases.
template <class Cases, class Register>
void for_each_case(Register register_case) {
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        (register_case(static_cast<std::tuple_element_t<I, Cases>*>(nullptr)), ...);
    }(std::make_index_sequence<std::tuple_size_v<Cases>>{});
}

using seed_cases = std::tuple<seed_q1b, seed_q2>;
using mlp_cases = std::tuple<mlp<2, 2, 1>, mlp<4, 8, 3>, mlp<4, 16, 3>>;
template <std::size_t N>
using suite_cases = std::tuple<sum<N>, product<N>, log_sum_exp<N>, normal_log_density<N>, linear_regression<N>>;
using all_cases = decltype(std::tuple_cat(seed_cases{}, mlp_cases{}, suite_cases<8>{}, suite_cases<32>{},
                                          suite_cases<128>{}));

}  // namespace bench
