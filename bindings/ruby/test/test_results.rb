# frozen_string_literal: true

require_relative 'helper'

# The same data and exact expectations as tests/test-score.c,
# tests/test-benefits.c and tests/test-agenda.c.
class TestResults < Minitest::Test
  include Money

  def setup
    @engine = Vipcare::Engine.new
  end

  def teardown
    @engine.close
  end

  def test_threshold_exact_and_one_fen_below
    sale(@engine, 'A1', 'AT', '2025-03-01T11:00', gold)
    sale(@engine, 'B1', 'BELOW', '2025-03-01T11:00', gold - m(1))
    s = @engine.score('AT', '2025-06-30')
    assert_equal ['gold', 'metrics', 1], [s.tier, s.decided_by, s.tier_rank]
    assert_equal BigDecimal('10000.00'), s.net_spend
    assert_equal ['platinum', platinum - gold, 0], [s.next_tier, s.spend_to_next, s.visits_to_next]
    s = @engine.score('BELOW', Date.new(2025, 6, 30))
    assert_equal %w[member base], [s.tier, s.decided_by]
    assert_equal BigDecimal('0.01'), s.spend_to_next
    assert_nil s.tier_expires
    assert s.member?
  end

  def test_window_edges_and_expiry
    sale(@engine, 'O1', 'OUT', '2024-12-31T23:59:59', gold)
    sale(@engine, 'I1', 'IN', Time.new(2025, 1, 1, 0, 0, 0), gold)
    s = @engine.score('OUT', '2025-12-31')
    assert_equal ['member', 0, gold, Date.new(2024, 12, 31)], [s.tier, s.net_spend, s.lifetime_spend, s.last_sale]
    assert_equal Date.new(2025, 12, 30), @engine.score('OUT', '2025-12-30').tier_expires
    assert_equal Date.new(2025, 12, 31), @engine.score('IN', '2025-12-31').tier_expires
  end

  def test_visits_threshold_and_top_tier
    start = Date.new(2025, 1, 6)
    rows = (0...52).map do |w|
      day = start + 7 * w
      { id: "W#{w}", customer: 'WEEKLY', ts: Time.new(day.year, day.month, day.day, 15), amount: m(200_000) }
    end
    assert_equal 52, @engine.add_transactions(rows)
    s = @engine.score('WEEKLY', '2025-12-29')
    assert_equal ['diamond', 52, m(10_400_000)], [s.tier, s.visits, s.net_spend]
    assert_equal [nil, nil, nil], [s.next_tier, s.spend_to_next, s.visits_to_next]
    assert_equal Date.new(2026, 1, 5), s.tier_expires
  end

  def test_cursor_walks_members_in_id_order_with_a_block
    [%w[b 2025-01-01], %w[a9 2025-01-02], %w[a10 2025-01-03], %w[B 2025-01-04], %w[A 2025-01-05],
     %w[a 2025-01-06], %w[LATER 2025-03-01]].each_with_index do |(cid, day), i|
      sale(@engine, (i + 1).to_s, cid, day, cid == 'b' ? gold : m(100))
    end
    @engine.add_customer(id: 'NOSALE')
    seen = []
    @engine.each_score('2025-02-01') { |s| seen << [s.customer, s.tier] }
    assert_equal [%w[A member], %w[B member], %w[a member], %w[a10 member], %w[a9 member], %w[b gold]], seen
    # an Enumerator without a block; the engine changing makes it stale
    walk = @engine.each_score('2025-02-01')
    assert_equal 'A', walk.next.customer
    sale(@engine, '8', 'A', '2025-01-07', m(100))
    error = assert_raises(Vipcare::StaleError) { walk.next }
    refute_empty error.message
  end

  def test_checkout_lists_every_benefit
    @engine.add_customer(id: 'PLAT', birthday: [12, 31])
    sale(@engine, 'P1', 'PLAT', '2025-02-01T10:00', platinum + m(1_000_000))
    screen = @engine.checkout('PLAT', Time.new(2025, 12, 20, 15, 30))
    assert_equal %w[birthday_coupon free_parking_hours priority_checkout dedicated_advisor vip_event_invite
                    welcome_gift], screen.map(&:benefit)
    assert_equal ['PLAT', 'platinum', Time.utc(2025, 12, 20, 15, 30)], [screen.customer, screen.tier, screen.at]
    expected = [['ok', 1, Date.new(2025, 12, 31)], ['ok', 3, Date.new(2025, 12, 20)], ['ok', nil, nil],
                ['tier_too_low', 0, nil], ['ok', 1, Date.new(2025, 12, 31)], ['outside_window', 1, nil]]
    assert_equal expected, screen.map { |d| [d.reason, d.left, d.period_end] }
    assert_equal 'Free parking (hours)', screen['free_parking_hours'].name
    unknown = @engine.checkout('NOBODY', '2025-12-20T15:30')
    assert_nil unknown.tier
    assert(unknown.all? { |d| d.reason == 'unknown_customer' && d.left.zero? && !d.eligible? })
  end

  def test_redemption_is_idempotent
    @engine.add_customer(id: 'PLAT', birthday: [12, 31])
    sale(@engine, 'P1', 'PLAT', '2025-02-01T10:00', platinum + m(1_000_000))
    first = @engine.redeem('POS1-77', 'PLAT', 'free_parking_hours', '2025-06-10T09:00', 2)
    refute first.replayed?
    assert_equal ['ok', 1, Date.new(2025, 6, 10)], [first.decision.reason, first.decision.left, first.decision.period_end]
    assert @engine.redeem('POS1-77', 'PLAT', 'free_parking_hours', '2025-06-10T09:00', 2).replayed?
    assert_equal 1, @engine.redemption_count
    error = assert_raises(Vipcare::DuplicateError) do
      @engine.redeem('POS1-77', 'PLAT', 'free_parking_hours', '2025-06-10T09:00', 1)
    end
    assert_includes error.message, '"POS1-77"'
    error = assert_raises(Vipcare::RefusedError) do
      @engine.redeem('POS1-78', 'PLAT', 'free_parking_hours', '2025-06-10T11:00', 2)
    end
    assert_equal ['quota_exhausted', 1], [error.reason, error.decision.left]
    assert_equal error.message, @engine.last_error
    assert_equal 1, @engine.redemption_count
    assert_equal 0, @engine.redeem('POS1-78', 'PLAT', 'free_parking_hours', '2025-06-10T11:00', 1).decision.left
  end

  def test_agenda_advisor_contact_and_records
    policy = Vipcare::Policy.from_text("[program]\noverdue_days = 0\n")
    Vipcare::Engine.open(policy) do |e|
      e.add_customer(id: 'DIA', joined: Date.new(2025, 1, 31), consent: ['phone'], advisor: 'ADV1',
                     override_tier: 'diamond')
      e.add_customer(id: 'PLA', joined: '2025-01-15', consent: ['phone'], advisor: 'ADV1', override_tier: 'platinum')
      lines = ->(from, to) { e.agenda(from, to).map { |i| "#{i.due} #{i.customer} #{i.kind} #{i.occasion}" } }
      assert_equal ['2025-02-28 DIA advisor_contact 2025-02', '2025-03-31 DIA advisor_contact 2025-03',
                    '2025-04-15 PLA advisor_contact 2025-Q2', '2025-04-30 DIA advisor_contact 2025-04'],
                   lines.call('2025-02-01', '2025-04-30')
      e.record_care('DIA', 'advisor_contact', '2025-03', Date.new(2025, 3, 5), 'reached')
      assert_equal ['2025-04-05 DIA advisor_contact 2025-04', '2025-04-15 PLA advisor_contact 2025-Q2',
                    '2025-05-05 DIA advisor_contact 2025-05'], lines.call('2025-03-01', '2025-05-31')
      items = []
      e.agenda('2025-04-15', '2025-04-15') { |item| items << item }
      assert_equal [['PLA', 'phone', 'ADV1', 'platinum', 2]], items.map { |i| [i.customer, i.channel, i.advisor, i.tier, i.priority] }
    end
  end

  def test_channels_and_suppression
    e = @engine
    e.add_customer(id: 'C-SMS', consent: ['sms'])
    e.add_customer(id: 'C-NONE')
    e.add_customer(id: 'C-OPTOUT', joined: '2024-01-01', birthday: [5, 10], consent: ['wechat'], marketing_opt_out: true)
    sale(e, 'T1', 'C-SMS', '2025-05-03T10:00', m(100))
    sale(e, 'T2', 'C-NONE', '2025-05-03T10:00', m(100))
    agenda = e.agenda('2025-05-03', '2025-05-03')
    assert_equal({ 'C-SMS' => 'sms', 'C-NONE' => nil }, agenda.to_h { |i| [i.customer, i.channel] })
    assert_equal({ 'birthday' => 1, 'lapse' => 0 }, agenda.suppressed)
  end
end
