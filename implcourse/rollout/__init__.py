"""Upgrade and rollout strategies (lesson 03): the core of the lesson.

* :mod:`.strategy`: the strategies and kinds of service as data, and
  :func:`recommend_strategy`, a weighted-scoring teaching model;
* :mod:`.simulation`: a seeded, vectorised comparison of strategies over
  time (users moved, downtime, cost, exposure to an escaped defect);
* :mod:`.cutover`: the cutover runbook built on lesson 01's plan, rollback
  criteria and checklist, hypercare exit criteria;
* :mod:`.comms`: the communication plan before, during and after an upgrade.

The package is pure (numpy, pandas, and the content loader); its charts are
in :mod:`implcourse.plots.rollout`.

Examples
--------
>>> from implcourse import rollout
>>> rollout.recommend_strategy(rollout.sample_factors()).top
'phased'
"""

from __future__ import annotations

from .comms import (channels_table, communication_plan, communication_plan_markdown,
                    load_audiences, load_channels, load_messages, load_phases)
from .cutover import (cutover_runbook, hypercare_exit_criteria, load_cutover,
                      rollback_checklist, rollback_criteria)
from .simulation import (MEASURES, SAMPLE_ORGANISATION, STRATEGIES, RolloutSimulation,
                         simulate_rollout)
from .strategy import (Factor, Recommendation, Service, Strategy, default_weights,
                       directions, factor_ids, factors_table, get_strategy, load_factors,
                       load_services, load_strategies, recommend_strategy, sample_factors,
                       services_table, strategies_table, weight_sensitivity)

__all__ = [
    # strategy
    "Strategy", "Service", "Factor", "Recommendation", "load_strategies", "get_strategy",
    "strategies_table", "load_services", "services_table", "load_factors", "factor_ids",
    "factors_table", "default_weights", "directions", "sample_factors",
    "recommend_strategy", "weight_sensitivity",
    # simulation
    "simulate_rollout", "RolloutSimulation", "SAMPLE_ORGANISATION", "STRATEGIES", "MEASURES",
    # cutover
    "load_cutover", "cutover_runbook", "rollback_criteria", "rollback_checklist",
    "hypercare_exit_criteria",
    # comms
    "load_phases", "load_audiences", "load_channels", "load_messages", "channels_table",
    "communication_plan", "communication_plan_markdown",
]
