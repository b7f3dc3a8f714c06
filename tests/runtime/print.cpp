// to_string and to_latex: exact strings.
#include <catch2/catch.hpp>

#include <ctgrad/ctgrad.hpp>
#include <ctgrad/nn.hpp>

#include "../seed_networks.hpp"

using namespace ctgrad;
using namespace ctgrad::literals;

using namespace seed_q2;

TEST_CASE("the seed's Q2 derivatives print in forward-pass values", "[print]") {
    CHECK(to_string(diff(loss, w2)) == "(a2 - y) * a1 * a2 * (1 - a2)");
    CHECK(to_string(diff(loss, w1)) == "(a2 - y) * a2 * (1 - a2) * w2 * x * a1 * (1 - a1)");
    CHECK(to_latex(diff(loss, w2)) == "\\left(a_{2} - y\\right) \\cdot a_{1} \\cdot a_{2} \\cdot \\left(1 - a_{2}\\right)");
}

TEST_CASE("to_string uses the fewest parentheses", "[print]") {
    CHECK(to_string(x + y) == "x + y");
    CHECK(to_string(x - (y - x)) == "x - (y - x)");
    CHECK(to_string((x + y) * w1) == "w1 * (x + y)");
    CHECK(to_string(x / (y * w1)) == "x / (w1 * y)");
    CHECK(to_string(x * y / w1) == "x * y / w1");
    CHECK(to_string(-x * y) == "-(x * y)");
    CHECK(to_string(pow(x + 1_c, 3_c)) == "(1 + x)^3");
    CHECK(to_string(pow(x, constant<1, 2>{})) == "x^(1/2)");
    CHECK(to_string(pow(x, -2_c)) == "x^(-2)");
    CHECK(to_string(constant<1, 2>{} * x) == "1/2 * x");
    CHECK(to_string(0.25 * x) == "0.25 * x");
    CHECK(to_string(sigmoid(w1 * x)) == "sigmoid(w1 * x)");
    CHECK(to_string(diff(relu(x * y), x)) == "y * step(relu(x * y))");
    CHECK(to_string(diff(max(x, y), x)) == "heaviside(x - y)");
    CHECK(to_string(diff(abs(x), x)) == "sign(x)");
    CHECK(to_string(diff(exp(2_c * x), x)) == "2 * exp(2 * x)");
    CHECK(to_string(diff(log(x), x)) == "1 / x");
    CHECK(to_string(diff(tanh(x), x)) == "1 - tanh(x)^2");
    CHECK(to_string(diff(sqrt(x), x)) == "1 / (2 * sqrt(x))");
    CHECK(to_string(diff(sin(x), x, x)) == "-sin(x)");
}

TEST_CASE("to_latex uses \\frac, \\sigma and subscripts", "[print]") {
    CHECK(to_latex(x / y) == "\\frac{x}{y}");
    CHECK(to_latex(sigmoid(w1 * x)) == "\\sigma\\left(w_{1} \\cdot x\\right)");
    CHECK(to_latex(relu(x)) == "\\operatorname{relu}\\left(x\\right)");
    CHECK(to_latex(pow(x, constant<1, 2>{})) == "x^{\\frac{1}{2}}");
    CHECK(to_latex(constant<-3, 4>{} * x) == "-\\frac{3}{4} \\cdot x");
    CHECK(to_latex(var<"w1_0_2">{}) == "w_{1,0,2}");
}

TEST_CASE("to_dot draws each shared subexpression once, with values and adjoints", "[print]") {
    auto s = named<"s">(sigmoid(x * w1));
    auto f = s * s + s;
    std::string plain = to_dot(f);
    auto count = [](const std::string& text, std::string_view what) {
        std::size_t n = 0;
        for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
        return n;
    };
    CHECK(count(plain, "s = sigmoid") == 1);  // one node for s, used three times
    CHECK(count(plain, "label=") == 6);        // w1, x, w1 * x, s, s^2, s^2 + s: nothing repeated
    CHECK(plain.find("digraph ctgrad {") == 0);
    std::string with_values = to_dot(f, at(x = 2.0, w1 = 0.0));
    // s = 1/2: df/ds = 2 s + 1 = 2, df/dw1 = 2 * s (1 - s) * x = 1
    CHECK(with_values.find("s = sigmoid\\nvalue 0.5\\nadjoint 2\"") != std::string::npos);
    CHECK(with_values.find("w1\\nvalue 0\\nadjoint 1\"") != std::string::npos);
}
