# frozen_string_literal: true

require_relative 'helper'

# Points through the binding: the worked example of docs/points.md and the
# exact expectations of tests/test-points.c.
class TestPoints < Minitest::Test
  include Money

  def setup
    @engine = Vipcare::Engine.new
  end

  def teardown
    @engine.close
  end

  def test_worked_example_of_the_docs
    sale(@engine, 'M1', 'MEI', '2024-11-20T15:00', m(80_000))
    sale(@engine, 'M2', 'MEI', '2025-02-14T19:30', m(950_000))
    sale(@engine, 'M3', 'MEI', '2025-05-01T11:00', m(4_500_000))
    refund(@engine, 'M4', 'MEI', '2025-06-10T10:00', m(500_000), 'M3')
    @engine.redeem_points('MR1', 'MEI', '2025-09-01T09:00', 500, 'parking')
    assert_equal 77_800, @engine.points_balance('MEI', '2025-05-01').balance
    assert_equal 70_300, @engine.points_balance('MEI', '2025-06-10').balance
    b = @engine.points_balance('MEI', '2025-12-31')
    assert_equal [69_800, Date.new(2025, 12, 31), 300], [b.balance, b.next_expiry, b.next_expiry_points]
    b = @engine.points_balance('MEI', Date.new(2026, 1, 1))
    assert_equal [69_500, Date.new(2026, 12, 31), 69_500], [b.balance, b.next_expiry, b.next_expiry_points]
    assert_equal 1, @engine.points_redemption_count
  end

  def test_refused_retried_and_duplicate
    sale(@engine, 'L1', 'L', '2024-12-31T12:00', m(1000))
    sale(@engine, 'L2', 'L', '2025-01-01T12:00', m(2000))
    @engine.redeem_points('R1', 'L', '2025-06-01T10:00', 25)
    @engine.redeem_points('R1', 'L', '2025-06-01T10:00', 25)
    assert_equal 5, @engine.points_balance('L', '2025-06-01').balance
    error = assert_raises(Vipcare::RefusedError) { @engine.redeem_points('R2', 'L', '2025-07-01T10:00', 6) }
    assert_equal 'insufficient_points', error.reason
    assert_equal 'points redemption "R2" of 6 refused: insufficient_points (balance 5)', error.message
    assert_raises(Vipcare::Error) { @engine.redeem_points('R1', 'L', '2025-06-01T10:00', 24) }
  end
end

# KPI states through the binding: the points block of the worked example,
# bytes, a damaged buffer and the merge of two slices. Points: MEI 800 (2024)
# and 9500 (2025); BO floor(123.45) = 123 and floor(0.99) = 0.
class TestKpi < Minitest::Test
  include Money

  def load(engine, customers)
    sale(engine, 'M1', 'MEI', '2024-11-20T15:00', m(80_000)) if customers.include?('MEI')
    sale(engine, 'M2', 'MEI', '2025-02-14T19:30', m(950_000)) if customers.include?('MEI')
    sale(engine, 'B1', 'BO', '2025-03-01T10:00', m(12_345)) if customers.include?('BO')
    sale(engine, 'B2', 'BO', '2025-03-02T10:00', m(99)) if customers.include?('BO')
  end

  def test_kpis_bytes_and_merge
    whole = Vipcare::Engine.new
    load(whole, %w[MEI BO])
    kpis = whole.kpis('2025-01-01', Date.new(2025, 12, 31))
    assert_equal Date.new(2025, 1, 1), kpis['from']
    assert_equal 2, kpis['members']
    assert_equal BigDecimal('9624.44'), kpis['sales_net']
    assert_equal({ 'issued' => 9623, 'redeemed' => 0, 'expired' => 0, 'outstanding' => 10_423 }, kpis['points'])
    state = whole.kpi_state('2025-01-01', '2025-12-31')
    assert_equal [2, 1], state.get(:active)
    assert_equal [1, 2], state.get('repurchase_rate')

    a = Vipcare::Engine.new
    b = Vipcare::Engine.new
    load(a, %w[MEI])
    load(b, %w[BO])
    merged = a.kpi_state('2025-01-01', '2025-12-31')
    other = Vipcare::KpiState.from_bytes(b.kpi_state('2025-01-01', '2025-12-31').to_bytes)
    merged.merge!(other)
    assert_equal state.to_bytes, merged.to_bytes

    damaged = state.to_bytes
    damaged.setbyte(40, damaged.getbyte(40) ^ 1)
    error = assert_raises(Vipcare::Error) { Vipcare::KpiState.from_bytes(damaged) }
    assert_equal 'KPI state damaged: its checksum does not match its bytes', error.message
    assert_raises(ArgumentError) { state.get('no_such_kpi') }
    [state, merged, other].each(&:close)
    [whole, a, b].each(&:close)
  end
end
