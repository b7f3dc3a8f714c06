// The seed's Q1(b) network as a Graphviz graph: each node with its forward value and its
// adjoint dy/dnode at the seed's point (render: seed_graph | dot -Tsvg -o graph.svg).
#include <cstdio>

#include <ctgrad/ctgrad.hpp>

using namespace ctgrad;

constexpr var<"x1"> x1;
constexpr var<"x2"> x2;
constexpr var<"a"> a;
constexpr var<"b"> b;
constexpr var<"c"> c;
constexpr var<"d"> d;
constexpr var<"e"> e;
constexpr var<"f"> f;
constexpr auto r1 = named<"r1">(relu(c * x1 + e * x2));
constexpr auto r2 = named<"r2">(relu(d * x1 + f * x2));
constexpr auto y = named<"s1">(sigmoid(a * r1)) + named<"s2">(sigmoid(b * r2));

int main() {
    std::fputs(to_dot(y, at(x1 = 1.0, x2 = -1.0, a = 1.0, b = 1.0, c = 4.0, d = 1.0, e = 2.0, f = 2.0)).c_str(), stdout);
}
