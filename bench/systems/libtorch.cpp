// LibTorch autograd (double, one thread), per gradient: the inputs become tensors, the
// forward pass records the graph, backward() walks it, the gradient is read back.
//   libtorch_scalar: one 0-d tensor per input, the formula of bench/cases.hpp;
//   libtorch_vector: the same formula over one vector tensor, where that is natural.
#include <torch/torch.h>

#include "../registry.hpp"

namespace bench {
namespace {
const auto real = torch::TensorOptions().dtype(torch::kFloat64);

struct torch_ops {
    static torch::Tensor exp(const torch::Tensor& a) { return torch::exp(a); }
    static torch::Tensor log(const torch::Tensor& a) { return torch::log(a); }
    static torch::Tensor sigmoid(const torch::Tensor& a) { return torch::sigmoid(a); }
    static torch::Tensor relu(const torch::Tensor& a) { return torch::relu(a); }
};

template <class Case>
void scalar_gradient(const std::vector<double>& in, std::vector<double>& out) {
    std::vector<torch::Tensor> t;
    t.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i)
        t.push_back(torch::scalar_tensor(in[i], real).requires_grad_(i < Case::parameters));
    torch::Tensor y = Case::template function<torch_ops>(t.data());
    y.backward();
    out[0] = y.item<double>();
    for (std::size_t i = 0; i < Case::parameters; ++i) out[1 + i] = t[i].grad().item<double>();
}

/// The vector forms: params is one tensor of the case's parameters, data one of its data.
template <class Case>
struct vector_form {
    static constexpr bool exists = false;
};
template <std::size_t N>
struct vector_form<sum<N>> {
    static constexpr bool exists = true;
    static torch::Tensor loss(const torch::Tensor& p, const torch::Tensor&) { return p.sum(); }
};
template <std::size_t N>
struct vector_form<product<N>> {
    static constexpr bool exists = true;
    static torch::Tensor loss(const torch::Tensor& p, const torch::Tensor&) { return p.prod(); }
};
template <std::size_t N>
struct vector_form<log_sum_exp<N>> {
    static constexpr bool exists = true;
    static torch::Tensor loss(const torch::Tensor& p, const torch::Tensor&) { return p.exp().sum().log(); }
};
template <std::size_t N>
struct vector_form<normal_log_density<N>> {
    static constexpr bool exists = true;
    static torch::Tensor loss(const torch::Tensor& p, const torch::Tensor&) {
        auto x = p.slice(0, 0, N);
        auto mu = p[N], sigma = p[N + 1];
        return -0.5 * ((x - mu) / sigma).square().sum() - double(N) * sigma.log() -
               double(N) * normal_log_density<N>::half_log_two_pi;
    }
};
template <std::size_t N>
struct vector_form<linear_regression<N>> {
    static constexpr bool exists = true;
    static torch::Tensor loss(const torch::Tensor& p, const torch::Tensor& d) {
        auto x = d.slice(0, 0, N), y = d.slice(0, N, 2 * N);
        return (y - (p[0] * x + p[1])).square().sum();
    }
};
template <std::size_t In, std::size_t Hidden, std::size_t Out>
struct vector_form<mlp<In, Hidden, Out>> {
    static constexpr bool exists = true;
    using M = mlp<In, Hidden, Out>;
    static torch::Tensor loss(const torch::Tensor& p, const torch::Tensor& d) {
        auto w1 = p.slice(0, M::w1, M::b1).view({long(Hidden), long(In)}), b1 = p.slice(0, M::b1, M::w2);
        auto w2 = p.slice(0, M::w2, M::b2).view({long(Out), long(Hidden)}), b2 = p.slice(0, M::b2, M::parameters);
        auto x = d.slice(0, 0, In), t = d.slice(0, In, In + Out);
        auto h = torch::sigmoid(w1.mv(x) + b1);
        return 0.5 * (w2.mv(h) + b2 - t).square().sum();
    }
};

template <class Case>
void vector_gradient(const std::vector<double>& in, std::vector<double>& out) {
    auto p = torch::tensor(std::vector<double>(in.begin(), in.begin() + Case::parameters), real).requires_grad_();
    auto d = torch::tensor(std::vector<double>(in.begin() + Case::parameters, in.end()), real);
    torch::Tensor y = vector_form<Case>::loss(p, d);
    y.backward();
    out[0] = y.item<double>();
    auto g = p.grad().contiguous();
    const double* gp = g.data_ptr<double>();
    std::copy(gp, gp + Case::parameters, out.begin() + 1);
}

template <class Case, void (*Gradient)(const std::vector<double>&, std::vector<double>&)>
void timed(benchmark::State& state) {
    std::vector<double> in = Case::inputs(), out(1 + Case::parameters);
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.data());
        Gradient(in, out);
        benchmark::DoNotOptimize(out.data());
    }
}

template <class Case, void (*Gradient)(const std::vector<double>&, std::vector<double>&)>
std::vector<double> once(const std::vector<double>& in) {
    std::vector<double> out(1 + Case::parameters);
    Gradient(in, out);
    return out;
}

const bool registered = [] {
    torch::set_num_threads(1);  // the other systems run on one thread too
    for_each_case<all_cases>([]<class Case>(Case*) {
        add<Case>("libtorch_scalar", timed<Case, scalar_gradient<Case>>, once<Case, scalar_gradient<Case>>);
        if constexpr (vector_form<Case>::exists)
            add<Case>("libtorch_vector", timed<Case, vector_gradient<Case>>, once<Case, vector_gradient<Case>>);
    });
    return true;
}();
}  // namespace
}  // namespace bench
