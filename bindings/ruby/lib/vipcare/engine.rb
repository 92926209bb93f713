# frozen_string_literal: true

module Vipcare
  # One customer's tier as of a date (DESIGN §4). Money is BigDecimal, dates
  # Date or nil; next_tier, spend_to_next and visits_to_next are nil at the
  # top tier.
  Score = Struct.new(:customer, :asof, :member, :tier, :tier_rank, :net_spend, :visits, :first_sale,
                     :last_sale, :lifetime_spend, :decided_by, :next_tier, :spend_to_next, :visits_to_next,
                     :tier_expires, keyword_init: true) do
    def member?
      member
    end
  end

  # One benefit's decision: left nil for an unlimited quota, period_end nil
  # for unlimited and lifetime quotas and for the reasons before the quota.
  BenefitDecision = Struct.new(:benefit, :name, :eligible, :reason, :left, :period_end, keyword_init: true) do
    def eligible?
      eligible
    end
  end

  # The checkout screen: every benefit of the policy, in its order; tier is
  # nil for an unknown card. Enumerable over BenefitDecision values;
  # screen['free_parking_hours'] looks one up.
  Checkout = Struct.new(:customer, :at, :tier, :decisions, keyword_init: true) do
    include Enumerable

    def each(&block)
      decisions.each(&block)
    end

    def [](benefit)
      decisions.find { |d| d.benefit == benefit } or raise KeyError, "no benefit #{benefit.inspect}"
    end
  end

  # A recorded redemption; replayed is true for a retry of an id recorded
  # before (nothing more was spent).
  # A customer's points as of a date (Engine#points_balance).
  PointsBalance = Struct.new(:customer, :asof, :balance, :next_expiry, :next_expiry_points, keyword_init: true)

  # The reason of a points redemption's refusal.
  class PointsRefusal
    def reason
      'insufficient_points'
    end
  end

  Redemption = Struct.new(:id, :customer, :benefit, :at, :quantity, :replayed, :decision, keyword_init: true) do
    def replayed?
      replayed
    end
  end

  # One care item: priority is the tier's rank, channel nil for no_channel,
  # advisor nil when none.
  AgendaItem = Struct.new(:due, :customer, :kind, :occasion, :priority, :channel, :advisor, :tier,
                          keyword_init: true)

  # The care agenda of a date range, computed once. Enumerable over
  # AgendaItem values in agenda order; #suppressed maps each marketing kind
  # to the items not listed because the customer opted out (zeros included).
  class Agenda < Handle
    include Enumerable
    attr_reader :suppressed, :size

    def initialize(engine_ptr, tiers, marketing_kinds, from, to)
      adopt(Handle.new_pointer(:vipcare_agenda_new, engine_ptr, Values.date_to_c(from, 'from'),
                               Values.date_to_c(to, 'to')), :vipcare_agenda_unref)
      @tiers = tiers
      @size = Native.vipcare_agenda_count(handle)
      @suppressed = marketing_kinds.to_h do |k|
        [Values::CARE_KINDS.name(k), Native.vipcare_agenda_suppressed(handle, k)]
      end
    end

    alias length size

    def [](index)
      index += @size if index.negative?
      return nil unless index.between?(0, @size - 1)

      h = handle
      rank = Native.vipcare_agenda_tier(h, index)
      channel = Native.vipcare_agenda_channel(h, index)
      advisor = Native.vipcare_agenda_advisor(h, index)
      AgendaItem.new(due: Values.date_from_c(Native.vipcare_agenda_due(h, index)),
                     customer: Native.vipcare_agenda_customer(h, index),
                     kind: Values::CARE_KINDS.name(Native.vipcare_agenda_kind(h, index)),
                     occasion: Native.vipcare_agenda_occasion(h, index), priority: rank,
                     channel: channel.negative? ? nil : Values::CHANNELS.name(channel),
                     advisor: advisor.empty? ? nil : advisor, tier: @tiers[rank])
    end

    def each
      return to_enum(:each) { @size } unless block_given?

      @size.times { |i| yield self[i] }
    end
  end

  # A mall's state under a policy: customers, transactions, redemptions and
  # care records. Engine.new uses the default policy; Engine.new(policy)
  # copies the policy given. Engine.open { |engine| ... } closes it after
  # the block. One engine is used by one thread at a time.
  class Engine < Handle
    BATCH = 64

    attr_reader :tiers

    def self.open(policy = nil)
      engine = new(policy)
      return engine unless block_given?

      begin
        yield engine
      ensure
        engine.close
      end
    end

    def initialize(policy = nil)
      raise TypeError, "policy: expected a Vipcare::Policy or nil, got #{policy.class}" unless policy.nil? || policy.is_a?(Policy)

      adopt(Handle.new_pointer(:vipcare_engine_new, policy&.send(:handle)), :vipcare_engine_unref)
      own = Native.vipcare_engine_policy(handle)
      # The engine's policy never changes: names are looked up once.
      @tiers = (0...Native.vipcare_policy_tier_count(own)).map { |r| Native.vipcare_policy_tier_name(own, r) }.freeze
      @benefit_names = (0...Native.vipcare_policy_benefit_count(own)).to_h do |i|
        [Native.vipcare_policy_benefit_id(own, i), Native.vipcare_policy_benefit_name(own, i)]
      end
      @marketing_kinds = Values::CARE_KINDS.by_value.keys.select { |k| Native.vipcare_policy_care_marketing(own, k) == 1 }
      @list = nil
      @score = nil
      @customer = nil
      @pool = nil
    end

    def last_error
      Native.vipcare_engine_last_error(handle)
    end

    # A copy of the engine's own policy.
    def policy
      Policy.new(Handle.new_pointer(:vipcare_policy_copy, Native.vipcare_engine_policy(handle)))
    end

    def customer_count
      Native.vipcare_engine_customer_count(handle)
    end

    def transaction_count
      Native.vipcare_engine_transaction_count(handle)
    end

    def redemption_count
      Native.vipcare_engine_redemption_count(handle)
    end

    def care_count
      Native.vipcare_engine_care_count(handle)
    end

    # A Customer record, or its fields as keywords.
    def add_customer(customer = nil, **fields)
      customer ||= (@customer ||= Customer.new).fill(fields.delete(:id), **fields)
      check(Native.vipcare_engine_add_customer(handle, customer.send(:handle)))
    end

    # A Transaction record, or its fields as keywords.
    def add_transaction(txn = nil, **fields)
      txn ||= pool[0].fill(fields.delete(:id), **fields)
      check(Native.vipcare_engine_add_transaction(handle, txn.pointer))
    end

    # Records many transactions in order (Transaction records or hashes of
    # their fields) through the library's batched call, 64 at a time; stops
    # at the first failure and raises its error (#index on the exception
    # is its position). Returns the count recorded.
    def add_transactions(records)
      recorded = 0
      records.each_slice(BATCH) do |chunk|
        pointers = []
        chunk.each_with_index do |item, k|
          pointers << (item.is_a?(Transaction) ? item.pointer : pool[k].fill(item[:id], **item.except(:id)).pointer)
        rescue Error, TypeError, ArgumentError => e
          recorded += add_chunk(pointers, recorded) unless pointers.empty?
          e.instance_variable_set(:@index, recorded)
          e.define_singleton_method(:index) { @index }
          raise
        end
        recorded += add_chunk(pointers, recorded)
      end
      recorded
    end

    def set_override(customer, tier, until_date = nil)
      check(Native.vipcare_engine_set_override(handle, Values.text(customer, 'customer id'),
                                               Values.text(tier, 'tier', optional: true),
                                               Values.date_to_c(until_date, 'until', optional: true)))
    end

    def score(customer, asof)
      @score ||= ScratchHandle.new(:vipcare_score_new, :vipcare_score_unref)
      h = @score.pointer
      check(Native.vipcare_engine_score(handle, Values.text(customer, 'customer id'), Values.date_to_c(asof, 'asof'), h))
      score_from(h)
    end

    # Yields every member's Score as of a date, in customer id order, through
    # a score cursor (released when the walk ends, early or not); without a
    # block, an Enumerator.
    def each_score(asof)
      return to_enum(:each_score, asof) unless block_given?

      cursor = FFI::AutoPointer.new(Handle.new_pointer(:vipcare_score_cursor_new, handle, Values.date_to_c(asof, 'asof')),
                                    Native.method(:vipcare_score_cursor_unref))
      engine_ptr = handle
      out = FFI::MemoryPointer.new(:pointer)
      begin
        loop do
          rc = Native.vipcare_score_cursor_next(cursor, out)
          break if rc.zero?

          Values.fail!(rc, Native.vipcare_engine_last_error(engine_ptr)) if rc.negative?
          yield score_from(out.read_pointer)
        end
      ensure
        cursor.free
      end
      self
    end

    def checkout(customer, at)
      h = list
      check(Native.vipcare_engine_checkout(handle, Values.text(customer, 'customer id'), Values.timestamp_to_c(at, 'at'), h))
      rank = Native.vipcare_checkout_tier(h)
      Checkout.new(customer: Native.vipcare_checkout_customer(h),
                   at: Values.timestamp_from_c(Native.vipcare_checkout_at(h)),
                   tier: rank.negative? ? nil : @tiers[rank],
                   decisions: (0...Native.vipcare_checkout_count(h)).map { |i| decision(h, i) }.freeze)
    end

    def check_benefit(customer, benefit, at)
      h = list
      check(Native.vipcare_engine_check_benefit(handle, Values.text(customer, 'customer id'),
                                                Values.text(benefit, 'benefit'), Values.timestamp_to_c(at, 'at'), h))
      decision(h, 0)
    end

    # Uses a benefit, idempotent on the redemption id; a refusal raises
    # RefusedError with #reason and #decision.
    def redeem(redemption_id, customer, benefit, at, quantity = 1)
      h = list
      raise TypeError, "quantity: expected an Integer, got #{quantity.class}" unless quantity.is_a?(Integer)

      at_c = Values.timestamp_to_c(at, 'at')
      rc = Native.vipcare_engine_redeem(handle, Values.text(redemption_id, 'redemption id'),
                                        Values.text(customer, 'customer id'), Values.text(benefit, 'benefit'),
                                        at_c, quantity, h)
      Values.fail!(rc, last_error, extra: [decision(h, 0)]) if rc == RefusedError::STATUS
      check(rc)
      Redemption.new(id: redemption_id, customer: customer, benefit: benefit, at: Values.timestamp_from_c(at_c),
                     quantity: quantity, replayed: Native.vipcare_checkout_replayed(h) == 1, decision: decision(h, 0))
    end

    # A customer's points as of the end of a date: a PointsBalance (balance
    # may be negative when refunds took back points already spent).
    def points_balance(customer, asof)
      balance = FFI::MemoryPointer.new(:int64)
      expiry = FFI::MemoryPointer.new(:int32)
      points = FFI::MemoryPointer.new(:int64)
      check(Native.vipcare_engine_points_balance(handle, Values.text(customer, 'customer id'),
                                                 Values.date_to_c(asof, 'asof'), balance, expiry, points))
      PointsBalance.new(customer: customer, asof: asof, balance: balance.read_int64,
                        next_expiry: Values.date_from_c(expiry.read_int32), next_expiry_points: points.read_int64)
    end

    # Spends points, idempotent on the redemption id; raises RefusedError
    # (reason "insufficient_points") rather than overspend.
    def redeem_points(redemption_id, customer, at, points, reason = nil)
      raise TypeError, "points: expected an Integer, got #{points.class}" unless points.is_a?(Integer)

      rc = Native.vipcare_engine_redeem_points(handle, Values.text(redemption_id, 'redemption id'),
                                               Values.text(customer, 'customer id'),
                                               Values.timestamp_to_c(at, 'at'), points,
                                               Values.text(reason, 'reason', optional: true))
      Values.fail!(rc, last_error, extra: [PointsRefusal.new]) if rc == RefusedError::STATUS
      check(rc)
      nil
    end

    def points_redemption_count
      Native.vipcare_engine_points_redemption_count(handle)
    end

    # The KpiState of [from, to] over this engine's customers.
    def kpi_state(from, to)
      KpiState.compute(handle, from, to, method(:last_error))
    end

    # The KPIs of [from, to] as a Hash with the keys of the command's JSON.
    def kpis(from, to)
      state = kpi_state(from, to)
      state.to_h
    ensure
      state&.close
    end

    def record_care(customer, kind, occasion, date, outcome)
      check(Native.vipcare_engine_record_care(handle, Values.text(customer, 'customer id'),
                                              Values::CARE_KINDS.value(kind), Values.text(occasion, 'occasion'),
                                              Values.date_to_c(date, 'date'), Values::OUTCOMES.value(outcome)))
    end

    # The care Agenda of [from, to]; with a block, yields each item and
    # releases the agenda afterwards.
    def agenda(from, to)
      agenda = Agenda.new(handle, @tiers, @marketing_kinds, from, to)
      return agenda unless block_given?

      begin
        agenda.each { |item| yield item }
      ensure
        agenda.close
      end
    end

    def inspect
      closed? ? '#<Vipcare::Engine (closed)>' : "#<Vipcare::Engine #{customer_count} customers, #{transaction_count} transactions>"
    end

    private

    def check(rc)
      Values.check(rc, handle, :vipcare_engine_last_error)
    end

    def list
      (@list ||= ScratchHandle.new(:vipcare_checkout_new, :vipcare_checkout_unref)).pointer
    end

    def pool
      @pool ||= Array.new(BATCH) { Transaction.new }
    end

    def add_chunk(pointers, before)
      array = FFI::MemoryPointer.new(:pointer, pointers.size)
      array.write_array_of_pointer(pointers)
      done = FFI::MemoryPointer.new(:size_t)
      rc = Native.vipcare_engine_add_transactions(handle, array, pointers.size, done)
      if rc.negative?
        begin
          check(rc)
        rescue Error => e
          index = before + done.read(:size_t)
          e.define_singleton_method(:index) { index }
          raise
        end
      end
      done.read(:size_t)
    end

    def decision(h, i)
      benefit = Native.vipcare_checkout_benefit(h, i)
      reason = Native.vipcare_checkout_reason(h, i)
      left = Native.vipcare_checkout_left(h, i)
      BenefitDecision.new(benefit: benefit, name: @benefit_names[benefit], eligible: reason.zero?,
                          reason: Values::REASONS.name(reason), left: left.negative? ? nil : left,
                          period_end: Values.date_from_c(Native.vipcare_checkout_period_end(h, i)))
    end

    def score_from(h)
      next_rank = Native.vipcare_score_next_tier(h)
      top = next_rank.negative?
      Score.new(customer: Native.vipcare_score_customer(h), asof: Values.date_from_c(Native.vipcare_score_asof(h)),
                member: Native.vipcare_score_is_member(h) == 1, tier: Native.vipcare_score_tier_name(h),
                tier_rank: Native.vipcare_score_tier(h),
                net_spend: Values.money_from_c(Native.vipcare_score_net_spend(h)),
                visits: Native.vipcare_score_visits(h),
                first_sale: Values.date_from_c(Native.vipcare_score_first_sale(h)),
                last_sale: Values.date_from_c(Native.vipcare_score_last_sale(h)),
                lifetime_spend: Values.money_from_c(Native.vipcare_score_lifetime_spend(h)),
                decided_by: Values::DECIDED_BY.name(Native.vipcare_score_decided_by(h)),
                next_tier: top ? nil : @tiers[next_rank],
                spend_to_next: top ? nil : Values.money_from_c(Native.vipcare_score_spend_to_next(h)),
                visits_to_next: top ? nil : Native.vipcare_score_visits_to_next(h),
                tier_expires: Values.date_from_c(Native.vipcare_score_tier_expires(h)))
    end
  end

  # A reusable result handle (score, checkout list) owned by an engine.
  class ScratchHandle < Handle
    def initialize(new_function, unref)
      adopt(Handle.new_pointer(new_function), unref)
    end

    def pointer
      handle
    end
  end
end
