// ADOL-C: the formula of bench/cases.hpp is taped once per case (the parameters are the
// independents, the data are recorded as constants); each gradient is one gradient()
// driver call - a forward and a reverse sweep over the tape.
#include <adolc/adolc.h>

#include "../registry.hpp"

namespace bench {
namespace {
// ADOL-C's functions are hidden friends of badouble: found by argument-dependent lookup
adouble exp_of(const adouble& a) { return exp(a); }
adouble log_of(const adouble& a) { return log(a); }
adouble max_of(const adouble& a, double b) { return fmax(a, b); }

struct adolc_ops {
    static adouble exp(const adouble& a) { return exp_of(a); }
    static adouble log(const adouble& a) { return log_of(a); }
    static adouble sigmoid(const adouble& a) { return 1.0 / (1.0 + exp_of(-a)); }
    static adouble relu(const adouble& a) { return max_of(a, 0.0); }
};

short next_tag = 1;

template <class Case>
short tape() {
    static const short tag = [] {
        short t = next_tag++;
        std::vector<double> in = Case::inputs();
        trace_on(t);
        std::vector<adouble> x(in.size());
        for (std::size_t i = 0; i < in.size(); ++i) {
            if (i < Case::parameters) x[i] <<= in[i];
            else x[i] = in[i];
        }
        adouble y = Case::template function<adolc_ops>(x.data());
        double value;
        y >>= value;
        trace_off();
        return t;
    }();
    return tag;
}

template <class Case>
void timed(benchmark::State& state) {
    short tag = tape<Case>();
    std::vector<double> in = Case::inputs();
    double g[Case::parameters];
    for (auto _ : state) {
        benchmark::DoNotOptimize(in.data());
        gradient(tag, int(Case::parameters), in.data(), g);
        benchmark::DoNotOptimize(g);
    }
}

template <class Case>
std::vector<double> once(const std::vector<double>& in) {
    short tag = tape<Case>();
    std::vector<double> out(1 + Case::parameters);
    std::vector<double> x(in.begin(), in.begin() + Case::parameters);
    function(tag, 1, int(Case::parameters), x.data(), out.data());
    gradient(tag, int(Case::parameters), x.data(), out.data() + 1);
    return out;
}

const bool registered = [] {
    for_each_case<all_cases>([]<class Case>(Case*) { add<Case>("adolc", timed<Case>, once<Case>); });
    return true;
}();
}  // namespace
}  // namespace bench
