// bench/training/eigen.cpp - the training step as a user of Eigen writes backprop by hand:
// dynamic-size matrices allocated once, GEMMs with transposed operands, the sigmoid and
// softmax as array expressions.
#include <memory>

#include <Eigen/Core>

#include "training.hpp"

namespace training {
namespace {
template <class Case>
void register_case(Case*) {
    using T = typename Case::value_type;
    using matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using row = Eigen::Matrix<T, 1, Eigen::Dynamic>;
    struct state {
        enum : Eigen::Index { B = Case::batch, I = Case::in, H = Case::hidden, O = Case::out };
        problem_data<T> d = Case::make_data();
        Eigen::Map<const matrix> x{d.x.data(), B, I}, y{d.y.data(), B, O}, w1{d.w1.data(), H, I}, w2{d.w2.data(), O, H};
        Eigen::Map<const row> b1{d.b1.data(), H}, b2{d.b2.data(), O};
        matrix a1{B, H}, z2{B, O}, d2{B, O}, d1{B, H}, g_w1{H, I}, g_w2{O, H};
        row g_b1{H}, g_b2{O};

        T step() {
            a1.noalias() = x * w1.transpose();
            a1.rowwise() += b1;
            a1 = (T(1) / (T(1) + (-a1.array()).exp())).matrix();
            z2.noalias() = a1 * w2.transpose();
            z2.rowwise() += b2;
            T loss = T(0);
            if constexpr (Case::loss == loss_kind::mse) {
                d2 = (z2 - y) / T(B * O);
                loss = (z2 - y).squaredNorm() / T(2 * B * O);
            } else {
                for (Eigen::Index i = 0; i < B; ++i) {
                    const T m = z2.row(i).maxCoeff();
                    const T lse = m + std::log((z2.row(i).array() - m).exp().sum());
                    loss += lse - z2.row(i).dot(y.row(i));
                    d2.row(i) = ((z2.row(i).array() - lse).exp().matrix() - y.row(i)) / T(B);
                }
                loss /= T(B);
            }
            g_w2.noalias() = d2.transpose() * a1;
            g_b2 = d2.colwise().sum();
            d1.noalias() = d2 * w2;
            d1.array() *= a1.array() * (T(1) - a1.array());
            g_w1.noalias() = d1.transpose() * x;
            g_b1 = d1.colwise().sum();
            return loss;
        }
    };
    auto s = std::make_shared<state>();
    add<Case>(
        "eigen_by_hand",
        [s](benchmark::State& bs) {
            for (auto _ : bs) benchmark::DoNotOptimize(s->step());
        },
        [s] {
            std::vector<double> out{double(s->step())};
            append(out, s->g_w1.data(), std::size_t(s->g_w1.size()));
            append(out, s->g_b1.data(), std::size_t(s->g_b1.size()));
            append(out, s->g_w2.data(), std::size_t(s->g_w2.size()));
            append(out, s->g_b2.data(), std::size_t(s->g_b2.size()));
            return out;
        });
}
}  // namespace

void register_eigen() {
    for_each_case<family<float, loss_kind::mse>>([](auto* c) { register_case(c); });
    for_each_case<family<float, loss_kind::cross_entropy>>([](auto* c) { register_case(c); });
    for_each_case<family<double, loss_kind::mse>>([](auto* c) { register_case(c); });
    for_each_case<family<double, loss_kind::cross_entropy>>([](auto* c) { register_case(c); });
}
}  // namespace training
