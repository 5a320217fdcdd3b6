from .simulate import simulate, simulate_many
