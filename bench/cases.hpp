// bench/cases.hpp - the benchmark cases, written once for every system that is not
// ctgrad: the formula as a template over the scalar type (double for the function-cost
// baseline, adouble for ADOL-C, a scalar torch::Tensor for LibTorch) and a hand-written
// gradient in plain C++. ctgrad's expressions for the same formulas are in
// bench/ctgrad_cases.hpp; bench/main.cpp --smoke checks that all of them agree.
//
// Every case reads one input vector: its parameters (the variables of the gradient)
// first, then its data. Inputs are deterministic.
#pragma once
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

namespace bench {

/// What a formula needs beyond + - * /: each system supplies its own (see double_ops).
struct double_ops {
    static double exp(double a) { return std::exp(a); }
    static double log(double a) { return std::log(a); }
    static double sigmoid(double a) { return a >= 0 ? 1 / (1 + std::exp(-a)) : std::exp(a) / (1 + std::exp(a)); }
    static double relu(double a) { return a > 0 ? a : 0; }
};

inline double wiggle(std::size_t i) { return std::sin(0.7 * double(i) + 0.3); }  // in [-1, 1]

/// The seed's Q1(b) network: y = sigmoid(a relu(c x1 + e x2)) + sigmoid(b relu(d x1 + f x2)).
struct seed_q1b {
    static std::string name() { return "seed_q1b"; }
    static constexpr std::size_t parameters = 6, data = 2;  // a..f; x1, x2
    static std::vector<double> inputs() { return {1, 1, 4, 1, 2, 2, 1, -1}; }
    template <class Ops, class S>
    static S function(const S* in) {
        const S &a = in[0], &b = in[1], &c = in[2], &d = in[3], &e = in[4], &f = in[5], &x1 = in[6], &x2 = in[7];
        return Ops::sigmoid(a * Ops::relu(c * x1 + e * x2)) + Ops::sigmoid(b * Ops::relu(d * x1 + f * x2));
    }
    static double gradient(const double* in, double* g) {  // the seed's backward pass
        double a = in[0], b = in[1], c = in[2], d = in[3], e = in[4], f = in[5], x1 = in[6], x2 = in[7];
        double z1 = c * x1 + e * x2, z2 = d * x1 + f * x2;
        double r1 = z1 > 0 ? z1 : 0, r2 = z2 > 0 ? z2 : 0;
        double s1 = double_ops::sigmoid(a * r1), s2 = double_ops::sigmoid(b * r2);
        double g1 = s1 * (1 - s1), g2 = s2 * (1 - s2);
        double dr1 = a * g1 * (z1 > 0 ? 1 : 0), dr2 = b * g2 * (z2 > 0 ? 1 : 0);
        g[0] = r1 * g1, g[1] = r2 * g2, g[2] = dr1 * x1, g[3] = dr2 * x1, g[4] = dr1 * x2, g[5] = dr2 * x2;
        return s1 + s2;
    }
};

/// The seed's Q2 chain: Loss = 1/2 (sigmoid(sigmoid(x w1) w2) - y)^2.
struct seed_q2 {
    static std::string name() { return "seed_q2"; }
    static constexpr std::size_t parameters = 2, data = 2;  // w1, w2; x, y
    static std::vector<double> inputs() { return {0.5, -0.25, 1, 1}; }
    template <class Ops, class S>
    static S function(const S* in) {
        S a2 = Ops::sigmoid(Ops::sigmoid(in[2] * in[0]) * in[1]);
        return 0.5 * ((a2 - in[3]) * (a2 - in[3]));
    }
    static double gradient(const double* in, double* g) {
        double w1 = in[0], w2 = in[1], x = in[2], y = in[3];
        double a1 = double_ops::sigmoid(x * w1), a2 = double_ops::sigmoid(a1 * w2);
        double d2 = (a2 - y) * a2 * (1 - a2);
        g[0] = d2 * w2 * a1 * (1 - a1) * x;
        g[1] = d2 * a1;
        return 0.5 * (a2 - y) * (a2 - y);
    }
};

/// A scalar MLP In-Hidden-Out: sigmoid hidden layer, linear output, loss sum_k 1/2 (o_k - t_k)^2.
/// Parameters in ctgrad's dense_parameters order: w1[j][i], b1[j], w2[k][j], b2[k]; data x, t.
template <std::size_t In, std::size_t Hidden, std::size_t Out>
struct mlp {
    static std::string name() {
        return "mlp_" + std::to_string(In) + "_" + std::to_string(Hidden) + "_" + std::to_string(Out);
    }
    static constexpr std::size_t parameters = Hidden * (In + 1) + Out * (Hidden + 1), data = In + Out;
    static std::vector<double> inputs() {
        std::vector<double> v(parameters + data);
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = 0.5 * wiggle(i);
        return v;
    }
    static constexpr std::size_t w1 = 0, b1 = Hidden * In, w2 = b1 + Hidden, b2 = w2 + Out * Hidden, x = parameters,
                                 t = parameters + In;
    template <class Ops, class S>
    static S function(const S* in) {
        std::vector<S> h;
        h.reserve(Hidden);
        for (std::size_t j = 0; j < Hidden; ++j) {
            S z = in[b1 + j];
            for (std::size_t i = 0; i < In; ++i) z = z + in[w1 + j * In + i] * in[x + i];
            h.push_back(Ops::sigmoid(z));
        }
        S loss = in[0] * 0.0;
        for (std::size_t k = 0; k < Out; ++k) {
            S o = in[b2 + k];
            for (std::size_t j = 0; j < Hidden; ++j) o = o + in[w2 + k * Hidden + j] * h[j];
            loss = loss + 0.5 * ((o - in[t + k]) * (o - in[t + k]));
        }
        return loss;
    }
    static double gradient(const double* in, double* g) {
        double h[Hidden], dh[Hidden] = {}, loss = 0;
        for (std::size_t j = 0; j < Hidden; ++j) {
            double z = in[b1 + j];
            for (std::size_t i = 0; i < In; ++i) z += in[w1 + j * In + i] * in[x + i];
            h[j] = double_ops::sigmoid(z);
        }
        for (std::size_t k = 0; k < Out; ++k) {
            double o = in[b2 + k];
            for (std::size_t j = 0; j < Hidden; ++j) o += in[w2 + k * Hidden + j] * h[j];
            double d = o - in[t + k];
            loss += 0.5 * d * d;
            g[b2 + k] = d;
            for (std::size_t j = 0; j < Hidden; ++j) {
                g[w2 + k * Hidden + j] = d * h[j];
                dh[j] += d * in[w2 + k * Hidden + j];
            }
        }
        for (std::size_t j = 0; j < Hidden; ++j) {
            double dz = dh[j] * h[j] * (1 - h[j]);
            g[b1 + j] = dz;
            for (std::size_t i = 0; i < In; ++i) g[w1 + j * In + i] = dz * in[x + i];
        }
        return loss;
    }
};

// The AD suite of the FastAD and Stan Math comparisons, N variables each.

/// sum_i x_i
template <std::size_t N>
struct sum {
    static std::string name() { return "sum_" + std::to_string(N); }
    static constexpr std::size_t parameters = N, data = 0;
    static std::vector<double> inputs() {
        std::vector<double> v(N);
        for (std::size_t i = 0; i < N; ++i) v[i] = wiggle(i);
        return v;
    }
    template <class Ops, class S>
    static S function(const S* in) {
        S s = in[0];
        for (std::size_t i = 1; i < N; ++i) s = s + in[i];
        return s;
    }
    static double gradient(const double* in, double* g) {
        double s = in[0];
        for (std::size_t i = 1; i < N; ++i) s += in[i];
        for (std::size_t i = 0; i < N; ++i) g[i] = 1;
        return s;
    }
};

/// prod_i x_i (inputs near 1, so the product neither overflows nor underflows)
template <std::size_t N>
struct product {
    static std::string name() { return "product_" + std::to_string(N); }
    static constexpr std::size_t parameters = N, data = 0;
    static std::vector<double> inputs() {
        std::vector<double> v(N);
        for (std::size_t i = 0; i < N; ++i) v[i] = 1 + 0.1 * wiggle(i);
        return v;
    }
    template <class Ops, class S>
    static S function(const S* in) {
        S s = in[0];
        for (std::size_t i = 1; i < N; ++i) s = s * in[i];
        return s;
    }
    static double gradient(const double* in, double* g) {  // prefix times suffix products: no division
        double prefix = 1;
        for (std::size_t i = 0; i < N; ++i) g[i] = prefix, prefix *= in[i];
        double suffix = 1;
        for (std::size_t i = N; i-- > 0;) g[i] *= suffix, suffix *= in[i];
        return prefix;
    }
};

/// log sum_i exp(x_i)
template <std::size_t N>
struct log_sum_exp {
    static std::string name() { return "log_sum_exp_" + std::to_string(N); }
    static constexpr std::size_t parameters = N, data = 0;
    static std::vector<double> inputs() { return sum<N>::inputs(); }
    template <class Ops, class S>
    static S function(const S* in) {
        S s = Ops::exp(in[0]);
        for (std::size_t i = 1; i < N; ++i) s = s + Ops::exp(in[i]);
        return Ops::log(s);
    }
    static double gradient(const double* in, double* g) {
        double s = 0;
        for (std::size_t i = 0; i < N; ++i) s += (g[i] = std::exp(in[i]));
        for (std::size_t i = 0; i < N; ++i) g[i] /= s;
        return std::log(s);
    }
};

/// sum_i log N(x_i | mu, sigma) = -1/2 sum_i ((x_i - mu) / sigma)^2 - N log sigma - N/2 log(2 pi);
/// the gradient is in x_1..x_N, mu and sigma.
template <std::size_t N>
struct normal_log_density {
    static std::string name() { return "normal_log_density_" + std::to_string(N); }
    static constexpr std::size_t parameters = N + 2, data = 0;
    static constexpr double half_log_two_pi = 0.91893853320467274178;
    static std::vector<double> inputs() {
        std::vector<double> v = sum<N>::inputs();
        v.push_back(0.2);  // mu
        v.push_back(1.3);  // sigma
        return v;
    }
    template <class Ops, class S>
    static S function(const S* in) {
        const S &mu = in[N], &sigma = in[N + 1];
        S q = ((in[0] - mu) / sigma) * ((in[0] - mu) / sigma);
        for (std::size_t i = 1; i < N; ++i) q = q + ((in[i] - mu) / sigma) * ((in[i] - mu) / sigma);
        return -0.5 * q - double(N) * Ops::log(sigma) - double(N) * half_log_two_pi;
    }
    static double gradient(const double* in, double* g) {
        double mu = in[N], sigma = in[N + 1], q = 0, dmu = 0;
        for (std::size_t i = 0; i < N; ++i) {
            double u = (in[i] - mu) / sigma;
            q += u * u;
            g[i] = -u / sigma;
            dmu += u / sigma;
        }
        g[N] = dmu;
        g[N + 1] = q / sigma - double(N) / sigma;
        return -0.5 * q - double(N) * std::log(sigma) - double(N) * half_log_two_pi;
    }
};

/// Least squares over N points: sum_i (y_i - (w x_i + b))^2; the gradient is in w and b,
/// the 2N data values are inputs too.
template <std::size_t N>
struct linear_regression {
    static std::string name() { return "linear_regression_" + std::to_string(N); }
    static constexpr std::size_t parameters = 2, data = 2 * N;  // w, b; x_1..x_N, y_1..y_N
    static std::vector<double> inputs() {
        std::vector<double> v{0.8, -0.3};
        for (std::size_t i = 0; i < N; ++i) v.push_back(wiggle(i));
        for (std::size_t i = 0; i < N; ++i) v.push_back(0.7 * wiggle(i) + 0.1 * wiggle(3 * i + 1));
        return v;
    }
    template <class Ops, class S>
    static S function(const S* in) {
        const S &w = in[0], &b = in[1];
        S r = in[2 + N] - (w * in[2] + b);
        S l = r * r;
        for (std::size_t i = 1; i < N; ++i) {
            S ri = in[2 + N + i] - (w * in[2 + i] + b);
            l = l + ri * ri;
        }
        return l;
    }
    static double gradient(const double* in, double* g) {
        double w = in[0], b = in[1], l = 0, dw = 0, db = 0;
        for (std::size_t i = 0; i < N; ++i) {
            double r = in[2 + N + i] - (w * in[2 + i] + b);
            l += r * r;
            dw -= 2 * r * in[2 + i];
            db -= 2 * r;
        }
        g[0] = dw, g[1] = db;
        return l;
    }
};

}  // namespace bench
