#!/usr/bin/ruby
# frozen_string_literal: true

# checkout -- a short session at a mall's till, from Ruby: sales are
# recorded, the cashier scans member cards, the POS shows each customer's
# tier and the benefits usable right now, and some are used (a retry of
# the same redemption id spends nothing more).
#
# It plays the same session as examples/checkout.c and prints exactly what
# that program prints.
#
#   VIPCARE_LIBRARY=build/lib/libvipcare.so.1 ruby examples/ruby/checkout.rb

# Run from the source tree: the binding is in bindings/ruby.
$LOAD_PATH.unshift File.expand_path('../../bindings/ruby/lib', __dir__)
require 'vipcare'

def screen(engine, customer, time)
  shown = engine.checkout(customer, time)
  puts "\n[#{time}] card #{customer}, tier #{shown.tier || 'none (unknown card)'}"
  shown.each do |benefit|
    line = format('  %-3s %-22s', benefit.eligible? ? 'yes' : 'no', benefit.name)
    line += if !benefit.eligible? then " #{benefit.reason}"
            elsif benefit.left.nil? then ' unlimited'
            else " #{benefit.left} left"
            end
    line += " (until #{benefit.period_end})" if benefit.period_end
    puts line
  end
end

def use(engine, redemption, customer, benefit, time, quantity)
  answer = engine.redeem(redemption, customer, benefit, time, quantity)
  retry_note = answer.replayed? ? ' (already recorded: a retry)' : ''
  puts "  -> #{benefit} x#{quantity} for #{customer}: done#{retry_note}, #{answer.decision.left} left"
rescue Vipcare::RefusedError => e
  puts "  -> #{benefit} x#{quantity} for #{customer}: refused, #{e.message}"
end

Vipcare::Engine.open do |engine|
  # LIN was born in December; WANG has just joined
  engine.add_customer(id: 'LIN', birthday: [12, 8])
  engine.add_transaction(id: 'T1', customer: 'LIN', ts: '2025-03-02T14:00', amount: BigDecimal('42000.00'))
  engine.add_transaction(id: 'T2', customer: 'LIN', ts: '2025-09-12T18:30', amount: BigDecimal('15000.00'))
  engine.add_transaction(id: 'T3', customer: 'WANG', ts: '2025-12-01T11:00', amount: BigDecimal('380.00'))

  puts "libvipcare #{Vipcare::LIBRARY_VERSION} checkout session, policy \"#{engine.policy.name}\""
  screen(engine, 'LIN', '2025-12-06T10:15')
  use(engine, 'TILL3-0001', 'LIN', 'free_parking_hours', '2025-12-06T10:16', 2)
  use(engine, 'TILL3-0001', 'LIN', 'free_parking_hours', '2025-12-06T10:16', 2)
  use(engine, 'TILL3-0002', 'LIN', 'free_parking_hours', '2025-12-06T10:17', 2)
  use(engine, 'TILL3-0003', 'LIN', 'birthday_coupon', '2025-12-06T10:18', 1)
  screen(engine, 'LIN', '2025-12-06T16:40')
  screen(engine, 'WANG', '2025-12-06T11:02')
  use(engine, 'TILL3-0004', 'WANG', 'welcome_gift', '2025-12-06T11:03', 1)
  use(engine, 'TILL3-0005', 'WANG', 'free_parking_hours', '2025-12-06T11:03', 1)
  screen(engine, 'GUEST', '2025-12-06T12:00')
end
