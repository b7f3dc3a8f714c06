// tests/link/unit_b.cpp - the second unit: the seed's gradient from both units agrees, and is
// the seed's (dy/da = r1 s1 (1 - s1) at c = 4).
#include <catch2/catch.hpp>

#include "units.hpp"

TEST_CASE("two translation units compute the same gradient", "[link]") {
    for (double c : {4.0, 0.5, -3.0}) {
        const auto from_a = gradient_in_unit_a(c), from_b = seed_gradient(c);
        for (std::size_t i = 0; i < from_a.size(); ++i) CHECK(from_a[i] == from_b[i]);
    }
    const auto g = seed_gradient(4.0);
    CHECK(g[0] == Approx(1.3807970779778822).epsilon(1e-15));
    CHECK(g[1] == Approx(0.20998717080701323).epsilon(1e-15));
    CHECK(g[2] == 0.0);
    CHECK(g[3] == Approx(0.10499358540350662).epsilon(1e-15));
    CHECK(gradient_in_unit_a(-3.0)[1] == 0.0);  // relu(-3 + -2) = 0: a does not matter
}

TEST_CASE("both translation units read one program, one schedule, one point map, one name table", "[link]") {
    const auto from_a = tables_in_unit_a(), from_b = seed_tables();
    for (std::size_t i = 0; i < from_a.size(); ++i) CHECK(from_a[i] == from_b[i]);
}
