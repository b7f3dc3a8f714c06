// tests/link/unit_a.cpp - the first unit (see units.hpp).
#include "units.hpp"

std::array<double, 7> gradient_in_unit_a(double c) { return seed_gradient(c); }
std::array<const void*, 4> tables_in_unit_a() { return seed_tables(); }
